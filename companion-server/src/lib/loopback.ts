/**
 * Loopback addresses: 127.0.0.0/8, ::1 and their IPv4-mapped IPv6 spellings. `localhost`
 * counts too where a configured host name is judged (it resolves to loopback on every
 * machine we run on); a socket's peer address is never a name.
 */
const IPV4_LOOPBACK = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

export function isLoopbackAddress(address: string): boolean {
  const normalized = address.toLowerCase();
  if (normalized === '::1' || normalized === '0:0:0:0:0:0:0:1') return true;
  const v4 = normalized.startsWith('::ffff:') ? normalized.slice('::ffff:'.length) : normalized;
  return IPV4_LOOPBACK.test(v4);
}

export function isLoopbackHost(host: string): boolean {
  return host.toLowerCase() === 'localhost' || isLoopbackAddress(host);
}
