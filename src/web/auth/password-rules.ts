/**
 * What a chosen password must be: the académies' rule (shared/domain.md 3.3: at least 12
 * characters with lower case, upper case, digit and special character), never the NUMEN, and
 * short enough for the sign-in code to accept it.
 */

export const MIN_PASSWORD_CHARS = 12;
/** The authenticator refuses longer passwords (accounts/authenticate.ts), so we must not accept them. */
export const MAX_PASSWORD_CHARS = 1024;

export const PASSWORD_RULE_TEXT =
  'Au moins 12 caractères, dont une minuscule, une majuscule, un chiffre et un caractère spécial.';

/** The French reason a new password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, confirmation: string): string | null {
  if (password !== confirmation) return 'Les deux mots de passe saisis sont différents.';
  const length = [...password].length;
  if (length < MIN_PASSWORD_CHARS) return `Le mot de passe est trop court : ${PASSWORD_RULE_TEXT}`;
  if (length > MAX_PASSWORD_CHARS) return 'Le mot de passe est trop long (1 024 caractères au plus).';
  if (!/\p{Ll}/u.test(password)) return `Il manque une minuscule. ${PASSWORD_RULE_TEXT}`;
  if (!/\p{Lu}/u.test(password)) return `Il manque une majuscule. ${PASSWORD_RULE_TEXT}`;
  if (!/\p{Nd}/u.test(password)) return `Il manque un chiffre. ${PASSWORD_RULE_TEXT}`;
  if (!/[^\p{L}\p{Nd}]/u.test(password)) return `Il manque un caractère spécial. ${PASSWORD_RULE_TEXT}`;
  return null;
}
