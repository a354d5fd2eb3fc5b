// Shape check for a pasted token, before asking the server about it. The server decides whether
// it is valid; this only catches obvious paste mistakes with a readable message.
export function validateTokenInput(value: string): string | undefined {
  const token = value.trim();
  if (!token) return 'Paste the token your Churnistic server gave you';
  if (/\s/.test(token)) return 'A token has no spaces or line breaks; check what you pasted';
  if (token.length > 4096) return 'That is too long to be a Churnistic token';
  return undefined;
}
