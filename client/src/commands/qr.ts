// "WireGuard: Show as QR Code": the active config as a QR code for the WireGuard apps' "Scan from QR
// code", in a webview beside the editor. The code carries the private key, so it is shown only
// after the user confirms, in a panel with no scripts, no network and nothing kept when it closes;
// nothing of it is logged. The text is the editor's (unsaved changes included).

import * as vscode from 'vscode';
import { parse } from '../../../server/src/core/parser.ts';
import { secretValueSpans } from '../../../server/src/core/features/secrets.ts';
import { QR_MAX_BYTES, qrCode, qrSvg, qrText } from '../qr.ts';

export const SHOW_QR = 'wgls.showQrCode';

/** Test hook: `{ confirmed: true }` skips the question (a modal dialog cannot be answered by a test). */
interface ShowOptions {
  readonly confirmed?: boolean;
}

export function registerQr(context: vscode.ExtensionContext, languageId: string): void {
  let panel: vscode.WebviewPanel | undefined;
  context.subscriptions.push(
    vscode.commands.registerCommand(SHOW_QR, async (options?: ShowOptions) => {
      const doc = vscode.window.activeTextEditor?.document;
      if (!doc || doc.languageId !== languageId) {
        void vscode.window.showErrorMessage('Show as QR code: open the WireGuard config to import first.');
        return undefined;
      }
      const name = doc.uri.path.split('/').pop() ?? 'config';
      const text = qrText(doc.getText());
      const code = qrCode(text);
      if ('tooLarge' in code) {
        void vscode.window.showErrorMessage(`Show as QR code: ${name} is ${code.tooLarge} bytes; a QR code holds at most ${QR_MAX_BYTES}. The apps import such a config as a file.`);
        return undefined;
      }
      const secrets = secretValueSpans(parse(text)).length > 0;
      if (secrets && !options?.confirmed) {
        const hidden = vscode.workspace.getConfiguration().get<boolean>('wgls.privacy.hideKeys', false);
        const answer = await vscode.window.showWarningMessage(
          `The QR code of ${name} contains its private key: anyone who sees the screen or a photo of it can use this tunnel.${hidden ? ' Key values are hidden for screen sharing right now.' : ''}`,
          { modal: true },
          'Show QR Code',
        );
        if (answer !== 'Show QR Code') return undefined;
      }
      panel?.dispose();
      panel = vscode.window.createWebviewPanel('wgls.qr', `QR: ${name}`, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: false, localResourceRoots: [] });
      panel.onDidDispose(() => (panel = undefined));
      panel.webview.html = page(name, qrSvg(code), code.bytes);
      return { bytes: code.bytes, modules: code.size };
    }),
  );
}

function page(name: string, svg: string, bytes: number): string {
  const escaped = name.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<style>body{display:flex;flex-direction:column;align-items:center;gap:1em;padding:2em;font-family:var(--vscode-font-family)}svg{max-width:90vw;height:auto}</style>
</head><body>
${svg}
<p>${escaped}: ${bytes} bytes. In the WireGuard app: <b>+</b> → <b>Scan from QR code</b>.</p>
<p>This code holds the private key. Close this tab when the phone has it.</p>
</body></html>`;
}
