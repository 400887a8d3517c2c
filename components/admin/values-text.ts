// Base values as the admin types them (YAML, or JSON, which YAML includes) and back. The YAML
// parser is loaded when first needed, so it stays out of the pages' first load.

export type ParsedValues = { ok: true; value: Record<string, unknown> } | { ok: false; error: string };

export async function parseValuesText(text: string): Promise<ParsedValues> {
  if (text.trim() === '') return { ok: true, value: {} };
  const { parse, YAMLParseError } = await import('yaml');
  let value: unknown;
  try {
    value = parse(text);
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const pos = error.linePos?.[0];
      const where = pos ? `Line ${pos.line}, column ${pos.col}: ` : '';
      // The parser's message ends with the line and a caret; keep only the sentence.
      const sentence = error.message.split(/ at line \d+, column \d+/)[0] ?? error.message;
      return { ok: false, error: `${where}${sentence}` };
    }
    return { ok: false, error: (error as Error).message };
  }
  if (value === null || value === undefined) return { ok: true, value: {} };
  if (typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, error: `Base values must be a mapping of chart values (key: value) at the top level, not ${Array.isArray(value) ? 'a list' : `a single ${typeof value}`}.` };
  }
  return { ok: true, value: value as Record<string, unknown> };
}

export async function valuesToText(value: Record<string, unknown>): Promise<string> {
  if (Object.keys(value).length === 0) return '';
  const { stringify } = await import('yaml');
  return stringify(value);
}
