/**
 * Where the companion server hands out the extension. The build writes the update manifest's
 * address into the manifest's `update_url`, so these paths are fixed for installed copies.
 */
export const INSTALL_PATHS = {
  page: '/install',
  zip: '/install/extension.zip',
  crx: '/install/extension.crx',
  updateManifest: '/install/updates.xml',
} as const;
