import { createReadStream } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { latestExtension } from '../contract/extension';
import { notFound } from '../errors';
import { registerRoute } from '../http/register-route';
import { findExtensionRelease } from '../install/extension-release';
import { installPage } from '../install/install-page';
import { INSTALL_PATHS } from '../install/install-paths';
import {
  isNotModified,
  type ReleaseFile,
  readReleaseFile,
  releaseFileOf,
} from '../install/release-file';
import { updateManifestXml } from '../install/update-manifest';
import type { ServerContext } from '../services';

/**
 * The internal install link staff are given, the package and update manifest Chrome's
 * policy installs and updates from, and the version check of the extension.
 */
export function installRoutes(app: FastifyInstance, context: ServerContext): void {
  const { extensionOutputDir, publicUrl, allowedOrigins } = context.config;
  const release = () => findExtensionRelease(extensionOutputDir);
  const noCrx = () =>
    notFound(
      'No signed package (CRX) has been built on this server: an administrator builds one with npm run build:extension and Bayme’s signing key.',
    );

  app.get(INSTALL_PATHS.page, async (_request, reply) => {
    const current = await release();
    const zip = current ? await readReleaseFile(current.zipPath) : null;
    const crx = current?.crxPath ? await readReleaseFile(current.crxPath) : null;
    reply.type('text/html; charset=utf-8');
    return installPage({
      release: current,
      publicUrl,
      accepted:
        current?.extensionId != null &&
        allowedOrigins.includes(`chrome-extension://${current.extensionId}`),
      zipSha256: zip?.sha256 ?? null,
      crxSha256: crx?.sha256 ?? null,
    });
  });

  app.get(INSTALL_PATHS.zip, async (_request, reply) => {
    const current = await release();
    if (!current) throw notFound('The extension has not been built on this server yet.');
    return reply
      .type('application/zip')
      .header(
        'content-disposition',
        `attachment; filename="bayme-ads-toolkit-${current.version}.zip"`,
      )
      .header('content-length', current.zipBytes)
      .send(createReadStream(current.zipPath));
  });

  app.get(INSTALL_PATHS.crx, async (request, reply) => {
    const current = await release();
    const crx = current?.crxPath ? await readReleaseFile(current.crxPath) : null;
    if (!current || !crx) throw noCrx();
    revalidated(reply, crx);
    if (isNotModified(request.headers['if-none-match'], crx.etag)) return reply.code(304).send();
    return reply
      .type('application/x-chrome-extension')
      .header(
        'content-disposition',
        `attachment; filename="bayme-ads-toolkit-${current.version}.crx"`,
      )
      .send(crx.bytes);
  });

  app.get(INSTALL_PATHS.updateManifest, async (request, reply) => {
    const current = await release();
    const crx = current?.crxPath ? await readReleaseFile(current.crxPath) : null;
    if (!current?.extensionId || !crx) throw noCrx();
    const manifest = releaseFileOf(
      Buffer.from(
        updateManifestXml({
          extensionId: current.extensionId,
          version: current.version,
          codebase: `${publicUrl}${INSTALL_PATHS.crx}`,
          sha256: crx.sha256,
        }),
      ),
    );
    revalidated(reply, manifest);
    if (isNotModified(request.headers['if-none-match'], manifest.etag)) {
      return reply.code(304).send();
    }
    return reply.type('application/xml; charset=utf-8').send(manifest.bytes);
  });

  registerRoute(app, latestExtension, async () => {
    const current = await release();
    return {
      version: current?.version ?? null,
      downloadUrl: `${publicUrl}${INSTALL_PATHS.zip}`,
      installPageUrl: `${publicUrl}${INSTALL_PATHS.page}`,
    };
  });
}

/**
 * The same URLs serve each new build: caches may keep a copy but must ask again each time
 * (`no-cache`), and the ETag makes asking cheap.
 */
function revalidated(
  reply: { header(name: string, value: string): unknown },
  file: Pick<ReleaseFile, 'etag'>,
): void {
  reply.header('cache-control', 'no-cache');
  reply.header('etag', file.etag);
}
