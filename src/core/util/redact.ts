// Keeps secrets out of text that leaves the extension (logs, error messages).

/** Replaces every known secret and any Bearer token with a placeholder. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text.replace(/Bearer\s+[^\s"',]+/gi, 'Bearer [redacted]');
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join('[redacted key]');
  }
  return out;
}
