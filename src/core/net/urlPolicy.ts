// Which URLs Veo Studio may talk to. Plain http would put the API key (and the user's
// images) on the wire in clear, so it is refused everywhere except on this machine's
// loopback interface, where the simulator and local proxies live.

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_NAMES.has(hostname) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/** Parses a URL and returns it when it is https, or http on a loopback host; otherwise a reason. */
export function checkTransport(raw: string): { ok: true; url: URL } | { ok: false; reason: string } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: `"${raw}" is not a valid URL` };
  }
  if (url.protocol === 'https:') return { ok: true, url };
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return { ok: true, url };
  if (url.protocol === 'http:') return { ok: false, reason: `plain http is only allowed for this machine (localhost); use https for ${url.host}` };
  return { ok: false, reason: `${url.protocol} URLs are not supported` };
}
