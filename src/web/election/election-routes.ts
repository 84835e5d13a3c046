/**
 * « Masquer » on the élections banner (election-banner.ts), behind requireAccount and the CSRF
 * check like every form: `POST /election-banner/hide` records it on the web session
 * (src/sessions), so the banner stays hidden for this session and shows again at the next
 * sign-in. A plain form comes back to its page (`back`, a local path only); htmx gets the
 * live-region message and removes the banner itself.
 */
import { Router } from 'express';
import { localPath } from '../http/local-path.js';
import { wantsFragment } from '../http/request-kind.js';
import { flash, sendHtml } from '../routes/render.js';
import { signedIn, type WebDeps } from '../web-context.js';
import { electionBannerHidden, HIDE_ELECTION_BANNER_PATH } from './election-banner.js';

export function electionRoutes(deps: WebDeps): Router {
  const router = Router();

  router.post(HIDE_ELECTION_BANNER_PATH, (req, res) => {
    const { session } = signedIn(res.locals);
    deps.sessions.hideElectionBanner(session);
    if (wantsFragment(req)) {
      sendHtml(res, electionBannerHidden());
      return;
    }
    flash(deps, res, 'L’annonce des élections professionnelles est masquée jusqu’à votre prochaine connexion.');
    res.redirect(303, localPath((req.body as Record<string, unknown> | undefined)?.back, '/mailboxes/INBOX'));
  });

  return router;
}
