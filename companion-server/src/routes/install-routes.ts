import { createReadStream } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { latestExtension } from '../contract/extension';
import { EXTENSION_ID } from '../contract/extension-identity';
import { notFound } from '../errors';
import { registerRoute } from '../http/register-route';
import { findExtensionRelease } from '../install/extension-release';
import { installPage } from '../install/install-page';
import type { ServerContext } from '../services';

/** The internal install link staff are given, and the version check of the extension. */
export function installRoutes(app: FastifyInstance, context: ServerContext): void {
  const { extensionOutputDir, publicUrl } = context.config;

  app.get('/install', async (_request, reply) => {
    const release = await findExtensionRelease(extensionOutputDir);
    reply.type('text/html; charset=utf-8');
    return installPage(release, publicUrl, EXTENSION_ID);
  });

  app.get('/install/extension.zip', async (_request, reply) => {
    const release = await findExtensionRelease(extensionOutputDir);
    if (!release) throw notFound('The extension has not been built on this server yet.');
    return reply
      .type('application/zip')
      .header(
        'content-disposition',
        `attachment; filename="bayme-ads-toolkit-${release.version}.zip"`,
      )
      .header('content-length', release.zipBytes)
      .send(createReadStream(release.zipPath));
  });

  registerRoute(app, latestExtension, async () => {
    const release = await findExtensionRelease(extensionOutputDir);
    return {
      version: release?.version ?? null,
      downloadUrl: `${publicUrl}/install/extension.zip`,
      installPageUrl: `${publicUrl}/install`,
    };
  });
}
