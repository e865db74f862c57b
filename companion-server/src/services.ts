import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import { EntitiesService } from './ads-manager/entities-service';
import { LevelMetricsService } from './ads-manager/metrics-service';
import { BulkCreateService } from './bulk-create/bulk-create-service';
import { BulkEditService } from './bulk-edits/bulk-edit-service';
import type { ServerConfig } from './config';
import { ConnectionService } from './connections/connection-service';
import { PeopleWaiting } from './lib/people-waiting';
import { createMarketingApiClient, type MarketingApiClient } from './marketing-api/client';
import { OAuthService } from './oauth/oauth-service';
import { OrderFigures } from './orders/order-figures';
import type { OrderStore } from './orders/order-store';
import { ORDERS_ROOM } from './orders/orders-migrations';
import { OrdersService } from './orders/orders-service';
import { OrdersSettingsService } from './orders/orders-settings-service';
import { SqliteOrderStore } from './orders/sqlite-order-store';
import { PageLayoutService } from './page-layout/page-layout-service';
import { ExportJobs } from './reporting/export-jobs';
import { ReportingService } from './reporting/reporting-service';
import { CycleData } from './rules/cycle-data';
import { RuleRunLog } from './rules/rule-run-log';
import { RuleRunner } from './rules/rule-runner';
import { RuleScheduler } from './rules/rule-scheduler';
import { RULES_ROOM } from './rules/rules-migrations';
import { RulesService } from './rules/rules-service';
import { WebhookNotifier } from './rules/webhook-notifier';
import { FiringLog } from './schedules/firing-log';
import { SCHEDULES_ROOM } from './schedules/schedule-migrations';
import { ScheduledChangeRunner } from './schedules/scheduled-change-runner';
import { ScheduledChangesService } from './schedules/scheduled-changes-service';
import { loadOrCreateKeyFile, parseKeyringSetting } from './security/encryption-key';
import type { Keyring } from './security/token-vault';
import { StaffService } from './staff/staff-service';
import { AuditLog } from './storage/audit-log';
import { SqlDatabase } from './storage/sql-database';
import { openStateStore } from './storage/state-migrations';
import type { State } from './storage/state-schema';
import type { StateStore } from './storage/state-store';

/**
 * Everything the server runs on, wired once: storage, the audit log, the key for tokens,
 * the Marketing API client and the services. The server, the tests and the CLI build it
 * the same way.
 */
export interface ServerContext {
  config: ServerConfig;
  store: StateStore<State>;
  audit: AuditLog;
  keyring: Keyring;
  marketingApi: MarketingApiClient;
  staff: StaffService;
  connections: ConnectionService;
  oauth: OAuthService;
  /** Figures for the Ads Manager overlays, cached per ad account, level and period. */
  levelMetrics: LevelMetricsService;
  /** Bayme's own figures per entity, from the shop's orders in the SQL store. */
  orderFigures: OrderFigures;
  /** The shop's orders (the SQL store): the demo world is seeded into it at `npm start`. */
  orderStore: OrderStore;
  /** Campaigns, ad groups and ads for the side panel, cached briefly. */
  entities: EntitiesService;
  /** Bulk edits: plans, journaled jobs, undo and the guardrails. */
  bulkEdits: BulkEditService;
  /** Dashboard totals and CSV exports. */
  reporting: ReportingService;
  /** CSV exports as jobs (report tasks when TikTok's async allowlist is on). */
  exports: ExportJobs;
  /** Bulk create from spreadsheets and by duplication. */
  bulkCreate: BulkCreateService;
  /** Layout samples sent from Ads Manager, and the layout hints document for the extension. */
  pageLayout: PageLayoutService;
  /** The embedded SQL store (data/bayme.sqlite): rule runs and their log, firings. */
  sql: SqlDatabase;
  /** Automated rules: editing, preview, runs, the run log, the admins' switch. */
  rules: RulesService;
  /** Scheduled changes: editing and their firings. */
  scheduledChanges: ScheduledChangesService;
  /** Orders in: shop webhooks, CSV imports of orders and exchange rates, their status. */
  ordersService: OrdersService;
  /** The orders' tracking template and click window (admins set them). */
  ordersSettings: OrdersSettingsService;
  /** Runs rules on their schedules, and fires scheduled changes (started by the server, ticked by tests). */
  ruleScheduler: RuleScheduler;
  /** Signed webhooks for rules, with their delivery log. */
  notifier: WebhookNotifier;
  /** People's requests being served: a cycle of rules steps aside for them. */
  people: PeopleWaiting;
  log: FastifyBaseLogger;
  now: () => Date;
  /** True when this start created the key file for tokens (first run without TOKEN_ENCRYPTION_KEY). */
  createdKeyFile: boolean;
}

export interface MarketingApiTarget {
  /** The emulator's origin in emulator mode. */
  origin?: string;
  appSecret: string;
}

export async function openStorage(dataDir: string, now: () => Date = () => new Date()) {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const store = await openStateStore(dataDir);
  const audit = await AuditLog.open({ dir: join(dataDir, 'audit'), now });
  return { store, audit };
}

export async function createContext(
  config: ServerConfig,
  target: MarketingApiTarget,
  log: FastifyBaseLogger,
  now: () => Date = () => new Date(),
): Promise<ServerContext> {
  const { store, audit } = await openStorage(config.dataDir, now);
  const keySource = config.tokenEncryptionKey
    ? { keyring: parseKeyringSetting(config.tokenEncryptionKey), created: false }
    : await loadOrCreateKeyFile(config.dataDir);
  const marketingApi = createMarketingApiClient({
    mode: config.marketingApi.mode,
    ...(target.origin ? { origin: target.origin } : {}),
    appId: config.marketingApi.appId,
    appSecret: target.appSecret,
    tier: config.marketingApi.tier,
    onEvent: (event) => log.debug({ marketingApi: event }, 'Marketing API'),
  });
  const staff = new StaffService(store, audit, now);
  const connections = new ConnectionService({
    store,
    audit,
    keyring: keySource.keyring,
    marketingApi,
    log,
    now,
  });
  const oauth = new OAuthService({
    store,
    audit,
    marketingApi,
    connections,
    redirectUri: config.oauthRedirectUri,
    log,
    now,
  });
  const entities = new EntitiesService({ connections, marketingApi, now });
  const bulkEdits = await BulkEditService.open({
    dataDir: config.dataDir,
    store,
    audit,
    connections,
    marketingApi,
    log,
    now,
  });
  const ordersSettings = new OrdersSettingsService({ store, audit });
  const bulkCreate = await BulkCreateService.open({
    dataDir: config.dataDir,
    trackingTemplate: () => ordersSettings.settings().trackingTemplate,
    connections,
    marketingApi,
    audit,
    log,
    now,
  });
  const pageLayout = await PageLayoutService.open({
    dataDir: config.dataDir,
    keepSamples: config.layoutSamplesKept,
    audit,
    log,
    now,
  });
  const sql = SqlDatabase.open({
    file: join(config.dataDir, 'bayme.sqlite'),
    rooms: [RULES_ROOM, SCHEDULES_ROOM, ORDERS_ROOM],
    now,
  });
  const orderStore = new SqliteOrderStore(sql, { now });
  const orderFigures = new OrderFigures({
    store: orderStore,
    clickWindowDays: () => ordersSettings.settings().clickWindowDays,
  });
  const levelMetrics = new LevelMetricsService({
    connections,
    marketingApi,
    orders: {
      figures: orderFigures,
      shopsConfigured: () => config.orders.shops.length > 0,
      entities: async (advertiserId, level) =>
        (await entities.listEntities(advertiserId, level)).entities,
    },
    log,
    now,
    cacheTtlMs: config.metricsCacheTtlMs,
  });
  const reporting = new ReportingService({
    connections,
    marketingApi,
    log,
    now,
    cacheTtlMs: config.metricsCacheTtlMs,
    orders: {
      figures: orderFigures,
      store: orderStore,
      shopsConfigured: () => config.orders.shops.length > 0,
      // Deleted campaigns included (their orders still count), kept 30 s per account.
      campaignIds: (advertiserId) => entities.allCampaignIds(advertiserId),
      entitiesOf: (advertiserId, level) => entities.withDeleted(advertiserId, level),
    },
  });
  const exports = new ExportJobs({
    dataDir: config.dataDir,
    keepFilesMs: config.retention.exportFileMinutes * 60_000,
    asyncReports: config.asyncReports,
    reporting,
    connections,
    marketingApi,
    log,
    now,
  });
  const ordersService = new OrdersService({
    store: orderStore,
    atomically: (work) => sql.transaction(work),
    audit,
    config: config.orders,
    now,
  });
  const runLog = new RuleRunLog(sql);
  const notifier = new WebhookNotifier({
    db: sql,
    secret: config.rules.webhookSecret,
    defaultUrl: config.rules.webhookUrl,
    log,
    now,
  });
  const people = new PeopleWaiting();
  const stepAside = () => people.stepAside();
  const newCycle = () =>
    new CycleData({ connections, marketingApi, levelMetrics, orderFigures, now, stepAside });
  // One read of the stored state (a copy of all of it) gives every account's zone.
  const timeZones = () =>
    new Map(connections.listAdAccounts().map((a) => [a.advertiserId, a.timezone]));
  const timeZoneOf = (advertiserId: string) => timeZones().get(advertiserId) ?? null;
  // The runner asks the rules service, made just below, for the stored rule and the switch.
  const runner = new RuleRunner({
    bulkEdits,
    runLog,
    notifier,
    currentRule: (ruleId) => rules.rule(ruleId),
    paused: () => rules.settings().paused,
    staff: (staffId) => store.read().staff.find((member) => member.id === staffId) ?? null,
    timeZoneOf: (advertiserId) => timeZoneOf(advertiserId) ?? 'UTC',
    stepAside,
    log,
    now,
  });
  const rules = new RulesService({
    store,
    audit,
    connections,
    runLog,
    runner,
    newCycle,
    timeZones,
    now,
  });
  const firings = new FiringLog(sql);
  const scheduledChanges = new ScheduledChangesService({
    store,
    audit,
    connections,
    firings,
    now,
  });
  const scheduledChangeRunner = new ScheduledChangeRunner({
    bulkEdits,
    firings,
    changes: () => scheduledChanges.changes(),
    change: (changeId) => scheduledChanges.change(changeId),
    paused: () => rules.settings().paused,
    staff: (staffId) => store.read().staff.find((member) => member.id === staffId) ?? null,
    timeZoneOf,
    log,
    now,
  });
  const ruleScheduler = new RuleScheduler({
    rules,
    runner,
    runLog,
    scheduledChanges: scheduledChangeRunner,
    newCycle,
    timeZones,
    retentionDays: config.rules.logRetentionDays,
    quietRetentionDays: config.rules.logQuietDays,
    tickMs: config.rules.tickMs,
    log,
    now,
  });
  return {
    config,
    store,
    audit,
    keyring: keySource.keyring,
    marketingApi,
    staff,
    connections,
    oauth,
    levelMetrics,
    orderFigures,
    orderStore,
    entities,
    bulkEdits,
    reporting,
    exports,
    bulkCreate,
    pageLayout,
    sql,
    rules,
    scheduledChanges,
    ordersService,
    ordersSettings,
    ruleScheduler,
    notifier,
    people,
    log,
    now,
    createdKeyFile: keySource.created,
  };
}
