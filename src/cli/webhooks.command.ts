import { InvalidArgumentError } from 'commander';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { SignupChannel } from '../accounts/user.entity';
import { EventType, WebhookDelivery, WebhookEndpoint } from '../events/events.entities';
import { EVENT_TYPES, WebhookEndpointsService } from '../events/webhook-endpoints.service';
import { printLine } from './cli-output';

const CHANNELS = Object.values(SignupChannel) as string[];

function listOf(value: string, allowed: string[], what: string): string[] {
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const bad = entries.filter((entry) => !allowed.includes(entry));
  if (entries.length === 0 || bad.length > 0) {
    throw new InvalidArgumentError(
      `must be a comma-separated list of ${what}: ${allowed.join(', ')}`,
    );
  }
  return entries;
}

function endpointRow(endpoint: WebhookEndpoint): string {
  return [
    endpoint.name,
    endpoint.url,
    endpoint.eventTypes?.join(',') ?? '*',
    endpoint.channels?.join(',') ?? '*',
    endpoint.disabledAt ? 'disabled' : 'enabled',
  ].join('\t');
}

function deliveryRow(delivery: WebhookDelivery): string {
  return [
    delivery.id,
    delivery.webhookId,
    delivery.eventId,
    delivery.endpointId,
    delivery.status,
    delivery.attempts,
    delivery.nextAttemptAt.toISOString(),
    delivery.lastStatus ?? '-',
    delivery.lastError ?? '-',
  ].join('\t');
}

/** `webhooks add --name N --url U [--events …] [--channels …]`: prints the signing secret. */
@SubCommand({
  name: 'add',
  description: 'Add a webhook endpoint; prints its signing secret (whsec_…) once',
})
export class WebhooksAddCommand extends CommandRunner {
  constructor(private readonly endpoints: WebhookEndpointsService) {
    super();
  }

  async run(
    _params: string[],
    options: { name: string; url: string; events?: EventType[]; channels?: string[] },
  ): Promise<void> {
    const endpoint = await this.endpoints.add(options);
    printLine(endpoint.secret);
  }

  @Option({
    flags: '--name <name>',
    description: 'Unique name (what sso.conf callback_service_list refers to)',
    required: true,
  })
  parseName(value: string): string {
    if (!/^[A-Za-z0-9._-]{1,128}$/.test(value))
      throw new InvalidArgumentError('must be 1 to 128 of A-Z a-z 0-9 . _ -');
    return value;
  }

  @Option({
    flags: '--url <url>',
    description: 'Where to POST events (http or https)',
    required: true,
  })
  parseUrl(value: string): string {
    try {
      if (['http:', 'https:'].includes(new URL(value).protocol)) return value;
    } catch {
      // reported below
    }
    throw new InvalidArgumentError('must be an absolute http or https URL');
  }

  @Option({
    flags: '--events <types>',
    description: `Only these event types (${EVENT_TYPES.join(', ')}); default all`,
  })
  parseEvents(value: string): string[] {
    return listOf(value, EVENT_TYPES, 'event types');
  }

  @Option({
    flags: '--channels <channels>',
    description: `Only users of these signup channels (${CHANNELS.join(', ')}); default all`,
  })
  parseChannels(value: string): string[] {
    return listOf(value, CHANNELS, 'channels');
  }
}

/** `webhooks list`: endpoints, tab-separated (never their secrets). */
@SubCommand({
  name: 'list',
  description: 'List webhook endpoints (name, url, events, channels, state)',
})
export class WebhooksListCommand extends CommandRunner {
  constructor(private readonly endpoints: WebhookEndpointsService) {
    super();
  }

  async run(): Promise<void> {
    printLine(['name', 'url', 'events', 'channels', 'state'].join('\t'));
    (await this.endpoints.list()).forEach((endpoint) => printLine(endpointRow(endpoint)));
  }
}

/** `webhooks disable <name>`: no more deliveries to the endpoint. */
@SubCommand({ name: 'disable', arguments: '<name>', description: 'Disable a webhook endpoint' })
export class WebhooksDisableCommand extends CommandRunner {
  constructor(private readonly endpoints: WebhookEndpointsService) {
    super();
  }

  async run([name]: string[]): Promise<void> {
    printLine(endpointRow(await this.endpoints.disable(name)));
  }
}

/** `webhooks deliveries [--failed]`: newest first. */
@SubCommand({ name: 'deliveries', description: 'List deliveries, newest first' })
export class WebhooksDeliveriesCommand extends CommandRunner {
  constructor(private readonly endpoints: WebhookEndpointsService) {
    super();
  }

  async run(_params: string[], options: { failed?: boolean }): Promise<void> {
    printLine(
      [
        'id',
        'webhook_id',
        'event_id',
        'endpoint_id',
        'status',
        'attempts',
        'next_attempt_at',
        'last_status',
        'last_error',
      ].join('\t'),
    );
    (await this.endpoints.listDeliveries({ failed: options.failed })).forEach((delivery) =>
      printLine(deliveryRow(delivery)),
    );
  }

  @Option({ flags: '--failed', description: 'Only deliveries that ran out of attempts' })
  parseFailed(): boolean {
    return true;
  }
}

/** `webhooks retry <delivery-id>`: due now again, with a fresh set of attempts. */
@SubCommand({
  name: 'retry',
  arguments: '<delivery-id>',
  description: 'Retry a failed or pending delivery now',
})
export class WebhooksRetryCommand extends CommandRunner {
  constructor(private readonly endpoints: WebhookEndpointsService) {
    super();
  }

  async run([id]: string[]): Promise<void> {
    if (!/^\d+$/.test(id)) {
      this.command.error(`error: delivery-id must be a whole number, got ${JSON.stringify(id)}`, {
        exitCode: 2,
      });
    }
    printLine(deliveryRow(await this.endpoints.retry(Number(id))));
  }
}

/** `webhooks <command>`: operator commands on webhook endpoints and deliveries (docs/events.md). */
@Command({
  name: 'webhooks',
  description: 'Operator commands on webhook endpoints and deliveries',
  subCommands: [
    WebhooksAddCommand,
    WebhooksListCommand,
    WebhooksDisableCommand,
    WebhooksDeliveriesCommand,
    WebhooksRetryCommand,
  ],
})
export class WebhooksCommand extends CommandRunner {
  run(): Promise<void> {
    // A group alone is bad usage: show its commands and exit 2.
    this.command.help({ error: true });
  }
}

export const WEBHOOK_COMMANDS = [
  WebhooksCommand,
  WebhooksAddCommand,
  WebhooksListCommand,
  WebhooksDisableCommand,
  WebhooksDeliveriesCommand,
  WebhooksRetryCommand,
];
