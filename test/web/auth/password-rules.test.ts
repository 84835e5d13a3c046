import { describe, expect, it } from 'vitest';
import { passwordProblem } from '../../../src/web/auth/password-rules.js';

describe('password rules', () => {
  it('requires 12 characters with lower case, upper case, digit and symbol, and matching confirmation', () => {
    expect(passwordProblem('Tableau-Noir-2024!', 'Tableau-Noir-2024!')).toBeNull();
    expect(passwordProblem('Éléphant-rose-9', 'Éléphant-rose-9')).toBeNull();
    expect(passwordProblem('Court-1!', 'Court-1!')).toMatch(/trop court/);
    expect(passwordProblem('tableau-noir-2024!', 'tableau-noir-2024!')).toMatch(/majuscule/);
    expect(passwordProblem('TABLEAU-NOIR-2024!', 'TABLEAU-NOIR-2024!')).toMatch(/minuscule/);
    expect(passwordProblem('Tableau-Noir-Deux!', 'Tableau-Noir-Deux!')).toMatch(/chiffre/);
    expect(passwordProblem('TableauNoir2024', 'TableauNoir2024')).toMatch(/caractère spécial/);
    expect(passwordProblem('Tableau-Noir-2024!', 'Tableau-Noir-2025!')).toMatch(/différents/);
    // A NUMEN can never pass: no lower case.
    expect(passwordProblem('02G0512345ABC', '02G0512345ABC')).not.toBeNull();
  });
});
