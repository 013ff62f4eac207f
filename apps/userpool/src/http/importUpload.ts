/**
 * PUT /user-import/<jobId>?X-Amz-…: the pre-signed upload URL of a user import job, taking the CSV as
 * S3 takes it from `curl -T file.csv -H "x-amz-server-side-encryption:aws:kms" "<url>"` (developer
 * guide, "Uploading the CSV file"). Refusals answer in S3's XML error shape, as the real URL does.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "../log.js";
import type { UploadAnswer, UserImportService } from "../services/userImport.js";

export const UPLOAD_PATH = "/user-import/";

export async function importUpload(
  imports: UserImportService,
  log: Logger,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? "/", "http://upload.local");
  const jobId = decodeURIComponent(url.pathname.slice(UPLOAD_PATH.length));
  const header = (name: string) => {
    const v = req.headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  let answer: UploadAnswer;
  try {
    answer = await imports.receiveUpload(
      jobId,
      url.searchParams,
      {
        ...(header("content-length") !== undefined ? { contentLength: header("content-length")! } : {}),
        ...(header("x-amz-server-side-encryption") !== undefined
          ? { sse: header("x-amz-server-side-encryption")! }
          : {}),
      },
      req,
    );
  } catch (err) {
    log.error({ err, jobId }, "user import upload failed");
    answer = { status: 500, code: "InternalError", message: "We encountered an internal error. Please try again." };
  }
  if (answer.status === 200) {
    res.writeHead(200, { "content-length": "0" }).end();
    return;
  }
  const xml =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${answer.code}</Code><Message>${escapeXml(answer.message ?? "")}</Message></Error>`;
  // A refused body is not read to its end: the connection closes instead of draining 100 MB.
  res.writeHead(answer.status, { "content-type": "application/xml", connection: "close" }).end(xml);
  if (!req.readableEnded) req.resume();
}

function escapeXml(s: string): string {
  return s.replace(/[<>&'"]/gu, (c) => `&#${c.charCodeAt(0)};`);
}
