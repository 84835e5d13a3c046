/** Signs a benchmark user in through the webmail's form, as a browser would; returns the session cookie. */
export async function signIn(base: string, login: string, password: string): Promise<string> {
  const form = await fetch(`${base}/login`);
  const visitor = form.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
  const response = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: visitor, 'content-type': 'application/x-www-form-urlencoded', origin: base },
    body: new URLSearchParams({ _csrf: token, login, password }),
  });
  const session = response.headers.getSetCookie().find((c) => c.startsWith('webmel_session='));
  if (response.status !== 303 || !session) throw new Error(`sign-in of ${login} failed: ${response.status}`);
  return session.split(';')[0]!;
}
