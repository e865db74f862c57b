import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../companion-server/src/config';
import { type RunningServer, startServer } from '../../companion-server/src/server';
import { freePort } from '../e2e/free-port';

/** With TLS_CERT_FILE and TLS_KEY_FILE the server speaks HTTPS itself. */
describe('companion server: TLS served directly', () => {
  let dir: string;
  let server: RunningServer;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'companion-tls-'));
    const cert = join(dir, 'cert.pem');
    const key = join(dir, 'key.pem');
    // A throwaway self-signed certificate for 127.0.0.1 (openssl ships with Debian).
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        key,
        '-out',
        cert,
      ],
      { stdio: 'ignore' },
    );
    const config = loadConfig({
      DATA_DIR: join(dir, 'data'),
      PORT: String(await freePort()),
      EMULATOR_PORT: String(await freePort()),
      TLS_CERT_FILE: cert,
      TLS_KEY_FILE: key,
      LOG_LEVEL: 'silent',
    });
    server = await startServer(config);
  });
  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers over HTTPS, with HSTS', async () => {
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const answer = await new Promise<{ status: number; hsts: string | undefined; body: string }>(
      (resolve, reject) => {
        request(`${server.url}/health`, { rejectUnauthorized: false }, (response) => {
          let body = '';
          response.on('data', (chunk: Buffer) => {
            body += chunk.toString();
          });
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              hsts: response.headers['strict-transport-security'] as string | undefined,
              body,
            }),
          );
        })
          .on('error', reject)
          .end();
      },
    );
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ status: 'ok', mode: 'emulator' });
    expect(answer.hsts).toContain('max-age=31536000');
  });

  it('does not answer plain HTTP on the same port', async () => {
    const plain = server.url.replace('https://', 'http://');
    const result = await fetch(`${plain}/health`).then(
      (response) => response.status,
      () => 'refused',
    );
    expect(result).not.toBe(200);
  });
});
