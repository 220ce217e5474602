import { InvalidArgumentError } from 'commander';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { ClientApp } from '../client-app/client-app.entity';
import { ClientAppRegistry } from '../client-app/client-app.registry';
import { printLine } from './cli-output';

function clientRow(client: ClientApp): string {
  return [
    client.clientId,
    client.name,
    client.redirectUri ?? '-',
    client.createdAt.toISOString(),
    client.revokedAt?.toISOString() ?? '-',
  ].join('\t');
}

/** `clients create --name N [--redirect-uri U]`: prints the new client id alone on a line. */
@SubCommand({ name: 'create', description: 'Register a client app; prints its client_id' })
export class ClientsCreateCommand extends CommandRunner {
  constructor(private readonly clients: ClientAppRegistry) {
    super();
  }

  async run(_params: string[], options: { name: string; redirectUri?: string }): Promise<void> {
    const client = await this.clients.create(options.name, options.redirectUri ?? null);
    printLine(client.clientId);
  }

  @Option({ flags: '--name <name>', description: 'Name of the client app', required: true })
  parseName(value: string): string {
    if (value.trim().length === 0) throw new InvalidArgumentError('must not be empty');
    return value.trim();
  }

  @Option({
    flags: '--redirect-uri <uri>',
    description: 'Its redirect URI (absolute http or https URL)',
  })
  parseRedirectUri(value: string): string {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new InvalidArgumentError('must be an absolute URL');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      throw new InvalidArgumentError('must be an http or https URL');
    return value;
  }
}

/** `clients list`: every client app, revoked ones included, tab-separated. */
@SubCommand({
  name: 'list',
  description: 'List client apps (client_id, name, redirect_uri, created_at, revoked_at)',
})
export class ClientsListCommand extends CommandRunner {
  constructor(private readonly clients: ClientAppRegistry) {
    super();
  }

  async run(): Promise<void> {
    printLine(['client_id', 'name', 'redirect_uri', 'created_at', 'revoked_at'].join('\t'));
    (await this.clients.list()).forEach((client) => printLine(clientRow(client)));
  }
}

/** `clients revoke <client_id>`: the client can no longer sign up, sign in or use its tokens. */
@SubCommand({ name: 'revoke', arguments: '<client_id>', description: 'Revoke a client app' })
export class ClientsRevokeCommand extends CommandRunner {
  constructor(private readonly clients: ClientAppRegistry) {
    super();
  }

  async run([clientId]: string[]): Promise<void> {
    printLine(clientRow(await this.clients.revoke(clientId)));
  }
}

/** `clients <command>`: operator commands on client apps (docs/client-app.md, "Client apps"). */
@Command({
  name: 'clients',
  description: 'Operator commands on client apps',
  subCommands: [ClientsCreateCommand, ClientsListCommand, ClientsRevokeCommand],
})
export class ClientsCommand extends CommandRunner {
  run(): Promise<void> {
    // A group alone is bad usage: show its commands and exit 2.
    this.command.help({ error: true });
  }
}
