/** Escape text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const STYLE = `
  body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; background: #f4f5f7; color: #1d2129; }
  header { background: #111827; color: #fff; padding: 14px 24px; font-weight: 600; }
  main { max-width: 620px; margin: 40px auto; background: #fff; border-radius: 10px; padding: 28px 32px; box-shadow: 0 1px 4px rgba(0,0,0,.08); }
  h1 { font-size: 21px; margin: 0 0 12px; }
  h2 { font-size: 16px; margin: 22px 0 8px; }
  p, li { line-height: 1.55; }
  .ok { border-left: 4px solid #16a34a; padding-left: 14px; }
  .problem { border-left: 4px solid #dc2626; padding-left: 14px; }
  .next { background: #f1f5f9; border-radius: 6px; padding: 10px 14px; }
  code { background: #f1f5f9; padding: 1px 5px; border-radius: 4px; }
  a.button { display: inline-block; background: #111827; color: #fff; padding: 9px 18px; border-radius: 6px; text-decoration: none; }
  .muted { color: #6b7280; font-size: 14px; }
`;

/** A small self-contained page in the toolkit's look (no scripts, no external resources). */
export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · Bayme Ads Toolkit</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${STYLE}</style></head>
<body><header>Bayme Ads Toolkit</header><main>${body}</main></body></html>`;
}
