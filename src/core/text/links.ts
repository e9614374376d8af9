// VS Code renders `[label](target)` in a notification as a link — a `command:` target as a
// button that runs that command. Text from outside (a prompt, a path, a file's contents, a
// service's answer) must never become one: "images/[Fix](command:veoStudio.clearApiKey).png
// was not found" would offer to delete the key. This is the one helper that defuses such
// text; platform/messages.ts passes every notification through it.

/**
 * Breaks every `](`, the hinge of a markdown link, with a space: VS Code's link rule needs
 * the two characters side by side. The words all stay; nothing else changes.
 */
export function defuseLinks(text: string): string {
  return text.replace(/\]\(/g, '] (');
}
