// The bearer token of this browser tab (sessionStorage: gone when the tab closes) and what it allows.
const KEY = 'ipamql.token';

export function token() {
  return sessionStorage.getItem(KEY);
}

export function signIn(value) {
  sessionStorage.setItem(KEY, value.trim());
}

export function signOut() {
  sessionStorage.removeItem(KEY);
}

// The token's claims, read only to decide which controls to show; the service checks every request itself.
function claims() {
  const value = token();
  if (!value) {
    return null;
  }
  try {
    const payload = value.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(payload));
  } catch {
    return {};
  }
}

/** What the UI offers: without a token (authentication off) everything, the server being the judge. */
export function abilities() {
  const c = claims();
  if (c === null) {
    return { signedIn: false, subject: null, write: true, admin: true };
  }
  const groups = Array.isArray(c.groups) ? c.groups : [];
  const admin = groups.includes('ipam-admin');
  return {
    signedIn: true,
    subject: c.upn || c.sub || 'token',
    write: admin || groups.includes('ipam-writer'),
    admin,
  };
}
