/**
 * How to take an update, by how Chrome installed this copy (`management.getSelf()`'s
 * `installType`; null when unknown). A copy installed from the CRX, by policy or by hand,
 * has the server's update manifest as its `update_url`, so Chrome updates it by itself; an
 * unpacked copy is never updated by Chrome.
 */
export function updateAdvice(installType: string | null): string {
  const updateNow =
    'To update now, open chrome://extensions, switch on Developer mode and press Update.';
  switch (installType) {
    case 'admin':
      return `Your company's Chrome policy manages this extension: Chrome installs the update by itself within a few hours. ${updateNow}`;
    case 'normal':
      return `Chrome installs the update by itself within a few hours. ${updateNow}`;
    case 'development':
      return "This copy was loaded unpacked, so Chrome does not update it: download the new version from the install page, unzip it over the folder you loaded, then press the reload arrow on the extension's card in chrome://extensions.";
    default:
      return 'Install the new version from the install page.';
  }
}
