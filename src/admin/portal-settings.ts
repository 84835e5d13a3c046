/**
 * What the administration sets in I-Prof (issue 22): « Votre courrier »'s themes, the
 * applications of « Les services » and « Les guides », each change committed with its audit
 * entry (iprof.theme.add|remove, iprof.service.set|remove, iprof.guide.set|remove). The one
 * place both the console's « Réglages d’I-Prof » and `webmel iprof theme|service|guide` change
 * them, so that the two write the same journal.
 *
 * Refusals are the portal's PortalError (bad code, bad address, unknown key: 404).
 */
import type { Db } from '../db/database.js';
import { PortalError, slugOf, type CourrierThemes, type Guide, type GuideInput, type Guides, type PortalApp, type PortalApps } from '../portal/index.js';
import type { AuditLog } from './audit-log.js';

export interface PortalSettingsDeps {
  db: Db;
  audit: AuditLog;
  portal: { courrierThemes: CourrierThemes; apps: PortalApps; guides: Guides };
}

export class PortalSettings {
  constructor(private readonly deps: PortalSettingsDeps) {}

  /** Allows a theme; one already allowed changes nothing and writes nothing to the journal. */
  addTheme(actor: string, label: string): { theme: string; created: boolean } {
    return this.audited(() => {
      const { courrierThemes } = this.deps.portal;
      const created = courrierThemes.find(label) === null;
      const theme = courrierThemes.add(label);
      if (created) this.deps.audit.record({ actor, action: 'iprof.theme.add', target: theme });
      return { theme, created };
    });
  }

  removeTheme(actor: string, label: string): string {
    return this.removal(actor, label.trim(), 'iprof.theme.remove', 'Thème inconnu', (theme) => this.deps.portal.courrierThemes.remove(theme));
  }

  /** Adds an application, or changes the one with its code. */
  setService(actor: string, input: PortalApp): { app: PortalApp; created: boolean } {
    return this.audited(() => {
      const { apps } = this.deps.portal;
      const created = apps.get(input.code) === null;
      const app = apps.set(input);
      this.deps.audit.record({ actor, action: 'iprof.service.set', target: app.code, details: { created, sso: app.sso } });
      return { app, created };
    });
  }

  removeService(actor: string, code: string): string {
    return this.removal(actor, code.trim().toUpperCase(), 'iprof.service.remove', 'Service inconnu', (key) => this.deps.portal.apps.remove(key));
  }

  /**
   * Publishes a guide (its slug made from the title when not given). `replace` false: a guide
   * already at that slug is a 409 rather than replaced (the console's new-guide form).
   */
  setGuide(actor: string, input: GuideInput, options: { replace: boolean }): { guide: Guide; created: boolean } {
    return this.audited(() => {
      const { guides } = this.deps.portal;
      const slug = input.slug?.trim() || slugOf(input.title);
      const existing = guides.get(slug);
      if (existing && !options.replace) {
        throw new PortalError(`Un guide porte déjà l’identifiant « ${slug} » (« ${existing.title} ») : modifiez-le depuis la liste des guides, ou choisissez un autre identifiant.`, 409);
      }
      const guide = guides.set({ ...input, slug }, actor);
      this.deps.audit.record({ actor, action: 'iprof.guide.set', target: guide.slug, details: { created: existing === null } });
      return { guide, created: existing === null };
    });
  }

  removeGuide(actor: string, slug: string): string {
    return this.removal(actor, slug.trim(), 'iprof.guide.remove', 'Guide inconnu', (key) => this.deps.portal.guides.remove(key));
  }

  /** Removes `key`, audited; an unknown one is a 404 (« Thème inconnu : … »). Returns the key removed. */
  private removal(actor: string, key: string, action: string, unknown: string, remove: (key: string) => boolean): string {
    return this.audited(() => {
      if (!remove(key)) throw new PortalError(`${unknown} : ${key || '(vide)'}. Il a peut-être déjà été retiré.`, 404);
      this.deps.audit.record({ actor, action, target: key });
      return key;
    });
  }

  private audited<T>(change: () => T): T {
    return this.deps.db.transaction(change)();
  }
}
