import QRCode from 'qrcode';

/** The link a QR code carries: `/j/<CODE>` on this server (the canonical code, no dash). */
export function joinUrl(origin: string, code: string): string {
	return `${origin.replace(/\/+$/, '')}/j/${encodeURIComponent(code)}`;
}

/**
 * The QR code for a join link as an SVG document, drawn on the server (no external service, so
 * it works on a hall's offline LAN). The markup is produced by the `qrcode` package from our own
 * URL, never from user text, so a page may render it with `{@html}`.
 */
export function joinQrSvg(url: string): Promise<string> {
	return QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}
