package dev.pifleet.agent.cli;

import io.nayuki.qrcodegen.QrCode;

/**
 * A QR code in a terminal, two modules per character with half blocks. Light modules are drawn (as the terminal's
 * foreground), dark ones left blank: on the usual dark terminal that is a normal dark-on-light code.
 */
public final class TerminalQr {

    private static final int BORDER = 2;

    private TerminalQr() {
    }

    public static String of(String text) {
        QrCode qr = QrCode.encodeText(text, QrCode.Ecc.MEDIUM);
        StringBuilder out = new StringBuilder();
        for (int y = -BORDER; y < qr.size + BORDER; y += 2) {
            for (int x = -BORDER; x < qr.size + BORDER; x++) {
                boolean top = !qr.getModule(x, y);
                boolean bottom = !qr.getModule(x, y + 1);
                out.append(top ? (bottom ? '█' : '▀') : (bottom ? '▄' : ' '));
            }
            out.append('\n');
        }
        return out.toString();
    }
}
