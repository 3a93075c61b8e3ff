package dev.pifleet.agent.pairing;

import io.nayuki.qrcodegen.QrCode;

/** A QR code as inline SVG: one path of unit squares, a 4-module quiet zone, no styles or scripts. */
public final class QrSvg {

    private static final int BORDER = 4;

    private QrSvg() {
    }

    public static String of(String text) {
        QrCode qr = QrCode.encodeText(text, QrCode.Ecc.MEDIUM);
        int size = qr.size + 2 * BORDER;
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < qr.size; y++) {
            for (int x = 0; x < qr.size; x++) {
                if (qr.getModule(x, y)) {
                    path.append('M').append(x + BORDER).append(',').append(y + BORDER).append("h1v1h-1z");
                }
            }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + size + " " + size
                + "\" width=\"256\" height=\"256\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"QR code of the"
                + " pairing link\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path fill=\"#000\" d=\"" + path
                + "\"/></svg>";
    }
}
