/** The académie's name as I-Prof's home shows it (« Académie : AIX-MARSEILLE »), from its mail domain. */
export function academieName(domain: string): string {
  const stem = domain.replace(/^ac-/, '').replace(/\.[a-z]+$/, '');
  return stem.toUpperCase();
}
