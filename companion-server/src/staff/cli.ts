import { userInfo } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { AuditActor } from '../contract/audit';
import { RoleSchema } from '../contract/common';
import { AppError } from '../errors';
import { openStorage } from '../services';
import { StaffService } from './staff-service';

/**
 * `npm run staff -- <command>`: manage staff from the server's machine.
 *
 *   add <email> --role viewer|buyer|admin [--name "Full Name"]   prints the new key once
 *   list
 *   disable <email> [--reassign-to <email>]                       revokes their connections unless reassigned
 *   enable <email>                                                then rotate-key to issue a key
 *   rotate-key <email>                                            prints the new key once
 *
 * It works on DATA_DIR (default ./data) under the same lock as the server, so it is safe
 * while the server runs; the server sees the change on its next request. The CLI never
 * calls TikTok: connections of a disabled person are marked, and the server revokes them.
 */

const USAGE = `Usage: npm run staff -- <add|list|disable|enable|rotate-key> [email] [options]
  add <email> --role <viewer|buyer|admin> [--name "Full Name"]
  list
  disable <email> [--reassign-to <email>]
  enable <email>
  rotate-key <email>`;

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      role: { type: 'string' },
      name: { type: 'string' },
      'reassign-to': { type: 'string' },
    },
  });
  const [command, email] = positionals;
  const dataDir = process.env.DATA_DIR ?? './data';
  const { store, audit } = await openStorage(isAbsolute(dataDir) ? dataDir : resolve(dataDir));
  const staff = new StaffService(store, audit);
  const actor: AuditActor = { kind: 'system', staffId: null, email: `cli:${userInfo().username}` };

  const needEmail = (): string => {
    if (!email) throw new AppError(400, 'usage', `"${command}" needs an email.\n${USAGE}`);
    return email;
  };

  switch (command) {
    case 'add': {
      const role = RoleSchema.safeParse(values.role);
      if (!role.success)
        throw new AppError(400, 'usage', `--role must be viewer, buyer or admin.\n${USAGE}`);
      const address = needEmail();
      const result = await staff.add(
        { email: address, name: values.name ?? address, role: role.data },
        actor,
      );
      console.info(
        `Added ${result.staff.email} (${result.staff.role}). Their key, shown only now:\n\n  ${result.key}\n`,
      );
      return 0;
    }
    case 'list': {
      const rows = staff.list();
      if (rows.length === 0) console.info('No staff yet.');
      for (const s of rows) {
        console.info(
          `${s.status === 'active' ? ' ' : 'x'} ${s.email.padEnd(36)} ${s.role.padEnd(7)} ${s.name.padEnd(24)} last seen ${s.lastSeenAt ?? 'never'}`,
        );
      }
      return 0;
    }
    case 'disable': {
      const target = staff.findByEmail(needEmail());
      const heirEmail = values['reassign-to'];
      const heir = heirEmail ? staff.findByEmail(heirEmail) : undefined;
      const result = await staff.disable(target.id, { reassignConnectionsTo: heir?.id }, actor);
      console.info(
        `Disabled ${target.email}; their keys no longer work. ` +
          (heir
            ? `${result.connectionsReassigned.length} TikTok connection(s) now belong to ${heir.email}.`
            : `${result.connectionsRevoked.length} TikTok connection(s) will be revoked by the server.`),
      );
      return 0;
    }
    case 'enable': {
      const view = await staff.enable(staff.findByEmail(needEmail()).id, actor);
      console.info(
        `Enabled ${view.email}. Issue a key with: npm run staff -- rotate-key ${view.email}`,
      );
      return 0;
    }
    case 'rotate-key': {
      const result = await staff.rotateKey(staff.findByEmail(needEmail()).id, actor);
      console.info(
        `New key for ${result.staff.email} (older keys no longer work), shown only now:\n\n  ${result.key}\n`,
      );
      return 0;
    }
    default:
      console.error(USAGE);
      return 2;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
