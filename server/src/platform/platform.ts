/**
 * The shared services every module is given when it is created. Plain typed fields, no
 * lookup by string: a module names what it uses.
 */
import type { Env } from '../env.ts';
import type { Db } from './db/database.ts';
import type { AuditService } from './audit/index.ts';
import type { CalendarService } from './calendar/index.ts';
import type { FileStore } from './files/index.ts';
import type { IdentityService } from './identity/index.ts';
import type { NotifyService } from './notify/index.ts';
import type { Jobs } from './jobs/index.ts';
import type { OrgsService } from './orgs/index.ts';
import type { DocumentService } from './documents/index.ts';
import type { TodoRegistry } from './todos/index.ts';
import type { FieldService } from './field/index.ts';
import type { PublicPages } from './ssr/index.ts';

export interface Platform {
  env: Env;
  /** Application-role connection: RLS applies. */
  db: Db;
  /**
   * Application-role connection for heavy read paths: a read replica when DATABASE_READ_URL is
   * set, else the same as `db`. RLS applies; never write through it, and read what was just
   * written from `db`.
   */
  readDb: Db;
  audit: AuditService;
  calendar: CalendarService;
  files: FileStore;
  notify: NotifyService;
  jobs: Jobs;
  orgs: OrgsService;
  identity: IdentityService;
  documents: DocumentService;
  /** The workbench's to-do panel: modules register what they count (platform/todos). */
  todos: TodoRegistry;
  /** The offline field app's form registry (platform/field): modules register their forms. */
  field: FieldService;
  /** Server-rendered public pages (platform/ssr): the portal installs the site layout, modules send pages. */
  publicPages: PublicPages;
}

/** Options every route plugin receives. */
export interface RouteOptions {
  platform: Platform;
}
