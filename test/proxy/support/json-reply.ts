/** A response's text, and its JSON when it is JSON (tests also send and receive things that are not). */
export async function readJsonReply(response: Response): Promise<{ text: string; body: unknown }> {
  const text = await response.text();
  try {
    return { text, body: JSON.parse(text) };
  } catch {
    return { text, body: undefined };
  }
}
