/**
 * GET /schedules/:token — the page where a shopper sees and cancels a monthly top-up: the widget in
 * manage mode (`<recharge-widget manage="<token>">`), loaded by src like the demo page (CSP
 * script-src 'self'). The token is checked before the page is served (unknown → 404) and is
 * base64url, so it goes into the attribute as it is. `<meta name="referrer">` repeats the
 * no-referrer header for the page's own links.
 *
 * Its look is an inline <style> (the CSP's style-src allows 'unsafe-inline'; no inline script, no
 * external font or sheet): the system's own font, a readable column. The widget styles itself in
 * its shadow root and inherits the font.
 */
const PAGE_STYLE = `
    :root { color-scheme: light; }
    body {
      margin: 0;
      font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif;
      font-size: 1rem;
      line-height: 1.5;
      color: #1f2328;
      background: #f6f7f9;
      -webkit-text-size-adjust: 100%;
    }
    main { box-sizing: border-box; max-width: 36rem; margin: 0 auto; padding: 2rem 1rem 3rem; }`;

export function managePage(token: string): string {
  return `<!doctype html>
<html lang="pt-BR">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="referrer" content="no-referrer">
  <meta name="robots" content="noindex">
  <title>Recarga mensal</title>
  <link rel="icon" href="data:,">
  <style>${PAGE_STYLE}
  </style>
  <script type="module" src="/recharge-widget.js"></script>
</head>
<body>
  <main>
    <recharge-widget manage="${token}"></recharge-widget>
  </main>
</body>
</html>
`;
}
