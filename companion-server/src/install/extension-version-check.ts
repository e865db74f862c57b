import type { FastifyInstance, FastifyRequest } from 'fastify';
import { latestExtension } from '../contract/extension';
import { EXTENSION_VERSION_HEADER, isExtensionVersion } from '../contract/extension-identity';
import { AppError, badRequest } from '../errors';
import { isApiRequest, pathOf } from '../http/logging';

/**
 * The minimum extension version an admin sets (EXTENSION_MIN_VERSION): the API refuses
 * calls from older builds, so a stale copy cannot make changes under old rules. The
 * extension names its version in a header on every call; a call from an extension's page
 * without it comes from a build older than the header, so older than any minimum. Calls
 * without the header from elsewhere (scripts, the staff CLI) are not the extension's and
 * pass. Asking which version is current stays open, so an old copy can still say how to
 * update.
 */
export function registerExtensionVersionCheck(
  app: FastifyInstance,
  options: { minimumVersion: string | null; installPageUrl: string },
): void {
  const { minimumVersion, installPageUrl } = options;
  if (minimumVersion === null) return;
  app.addHook('onRequest', async (request) => {
    // A CORS preflight carries no headers of its own to judge.
    if (request.method === 'OPTIONS' || !isApiRequest(request)) return;
    if ((request.routeOptions.url ?? pathOf(request.url)) === latestExtension.path) return;
    const version = sentVersion(request);
    if (version === null) {
      if (!request.headers.origin?.startsWith('chrome-extension://')) return;
      throw outdated(
        `This copy of the Bayme Ads Toolkit is older than version ${minimumVersion}`,
        minimumVersion,
        installPageUrl,
      );
    }
    if (!isExtensionVersion(version)) {
      throw badRequest(
        `The ${EXTENSION_VERSION_HEADER} header must be an extension version such as 1.4.0; it was "${version.slice(0, 40)}".`,
      );
    }
    if (compareVersions(version, minimumVersion) < 0) {
      throw outdated(
        `This copy of the Bayme Ads Toolkit is version ${version}`,
        minimumVersion,
        installPageUrl,
      );
    }
  });
}

function sentVersion(request: FastifyRequest): string | null {
  const header = request.headers[EXTENSION_VERSION_HEADER];
  const value = Array.isArray(header) ? header[0] : header;
  return value === undefined ? null : value.trim();
}

/**
 * 426 Upgrade Required: the status clients use for "update this client". The extension
 * tells it from its other refusals by this status.
 */
export const EXTENSION_OUTDATED_STATUS = 426;

function outdated(what: string, minimumVersion: string, installPageUrl: string): AppError {
  return new AppError(
    EXTENSION_OUTDATED_STATUS,
    'extension_outdated',
    `${what}; this server accepts version ${minimumVersion} or newer, so it refuses its requests until it is updated. Where your company manages Chrome, it updates itself (to update now: chrome://extensions, switch on Developer mode, press Update); otherwise install the new version from ${installPageUrl}.`,
  );
}

/** Negative when `a` is an older version than `b` (missing parts count as 0: 1.2 = 1.2.0). */
export function compareVersions(a: string, b: string): number {
  const left = a.split('.').map(Number);
  const right = b.split('.').map(Number);
  for (let i = 0; i < Math.max(left.length, right.length); i += 1) {
    const difference = (left[i] ?? 0) - (right[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}
