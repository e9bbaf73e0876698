/**
 * GET /schedules/:token — the page where a shopper sees and cancels a monthly top-up: the widget in
 * manage mode (`<recharge-widget manage="<token>">`), loaded by src like the demo page (CSP
 * script-src 'self'). The token is checked before the page is served (unknown → 404) and is
 * base64url, so it goes into the attribute as it is. `<meta name="referrer">` repeats the
 * no-referrer header for the page's own links.
 */
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
