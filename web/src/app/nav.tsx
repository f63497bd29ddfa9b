/**
 * The workbench's side menu and routes in one list. A page appears in the menu, and its route
 * opens, only when the active post holds `permission`; otherwise the route shows 403.
 * Add a page: one entry here, its strings under `nav.*` in both locales, the page lazily imported.
 */
import { lazy, type ComponentType, type ReactNode } from 'react';
import { LikeOutlined } from '@ant-design/icons';
import {
  AuditOutlined, CalendarOutlined, ClusterOutlined, HomeOutlined, MessageOutlined, SafetyOutlined, TeamOutlined, UserSwitchOutlined,
} from '@ant-design/icons';
import { CheckSquareOutlined, FileSearchOutlined, FormOutlined, InboxOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { GlobalOutlined } from '@ant-design/icons';
import { LineChartOutlined, PhoneOutlined, ProfileOutlined } from '@ant-design/icons';
import { KeyOutlined, SettingOutlined, WarningOutlined } from '@ant-design/icons';

import { AlertOutlined, BarChartOutlined, BookOutlined } from '@ant-design/icons';
import { ShopOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { RadarChartOutlined } from '@ant-design/icons';
import { TableOutlined, AuditOutlined as ReviewOutlined, FundOutlined, PieChartOutlined } from '@ant-design/icons';
import { FileProtectOutlined } from '@ant-design/icons';
import { DashboardOutlined, EnvironmentOutlined, NotificationOutlined } from '@ant-design/icons';
import { FileDoneOutlined, FileTextOutlined, MailOutlined } from '@ant-design/icons';
import { CommentOutlined, EyeOutlined, SwapOutlined } from '@ant-design/icons';
import { FireOutlined } from '@ant-design/icons';
export interface NavItem {
  key: string;
  /** Path under /app; '' is the workbench home. */
  path: string;
  /** i18n key of the menu label. */
  labelKey: string;
  /** Permission the active post needs; undefined = every signed-in staff member. */
  permission?: string;
  icon: ReactNode;
  component: ComponentType;
  /** Menu group (i18n key); items without a group sit at the top. */
  groupKey?: string;
}

const p = (loader: () => Promise<{ default: ComponentType }>) => lazy(loader);

export const NAV: NavItem[] = [
  { key: 'home', path: '', labelKey: 'nav.home', icon: <HomeOutlined />, component: p(() => import('./pages/WorkbenchHome.tsx')) },
  { key: 'map', path: 'map', labelKey: 'nav.map', permission: 'map.layer.read', groupKey: 'nav.groupMap',
    icon: <GlobalOutlined />, component: p(() => import('../modules/map/MapPage.tsx')) },
  { key: 'users', path: 'users', labelKey: 'nav.users', permission: 'platform.user.read', groupKey: 'nav.groupSystem',
    icon: <TeamOutlined />, component: p(() => import('../modules/platform/users/UsersPage.tsx')) },
  { key: 'org-units', path: 'org-units', labelKey: 'nav.orgUnits', permission: 'platform.org_unit.manage', groupKey: 'nav.groupSystem',
    icon: <ClusterOutlined />, component: p(() => import('../modules/platform/orgs/OrgUnitsPage.tsx')) },
  { key: 'sms', path: 'sms', labelKey: 'nav.sms', permission: 'platform.sms_outbox.read', groupKey: 'nav.groupSystem',
    icon: <MessageOutlined />, component: p(() => import('../modules/platform/sms/SmsPage.tsx')) },
  { key: 'roles', path: 'roles', labelKey: 'nav.roles', permission: 'platform.role.manage', groupKey: 'nav.groupSecurity',
    icon: <UserSwitchOutlined />, component: p(() => import('../modules/platform/roles/RolesPage.tsx')) },
  { key: 'security-policy', path: 'security-policy', labelKey: 'nav.policy', permission: 'platform.policy.manage', groupKey: 'nav.groupSecurity',
    icon: <SafetyOutlined />, component: p(() => import('../modules/platform/policy/SecurityPolicyPage.tsx')) },
  { key: 'pki-admin', path: 'certificates', labelKey: 'nav.pkiAdmin', permission: 'platform.certificate.manage', groupKey: 'nav.groupSecurity',
    icon: <SafetyOutlined />, component: p(() => import('../modules/pki/CertificatesAdminPage.tsx')) },
  { key: 'calendar', path: 'calendar', labelKey: 'nav.calendar', permission: 'platform.calendar.manage', groupKey: 'nav.groupSecurity',
    icon: <CalendarOutlined />, component: p(() => import('../modules/platform/calendar/CalendarPage.tsx')) },
  { key: 'audit', path: 'audit', labelKey: 'nav.audit', permission: 'platform.audit.read', groupKey: 'nav.groupAudit',
    icon: <AuditOutlined />, component: p(() => import('../modules/platform/audit/AuditPage.tsx')) },
  { key: 'approvals-window', path: 'approvals-window', labelKey: 'approvals.cases.nav.window', permission: 'approvals.case.accept', groupKey: 'nav.groupApprovals',
    icon: <InboxOutlined />, component: p(() => import('../modules/approvals/cases/WindowQueuePage.tsx')) },
  { key: 'approvals-walk-in', path: 'approvals-walk-in', labelKey: 'approvals.cases.nav.walkIn', permission: 'approvals.case.accept', groupKey: 'nav.groupApprovals',
    icon: <FormOutlined />, component: p(() => import('../modules/approvals/cases/WalkInPage.tsx')) },
  { key: 'approvals-review', path: 'approvals-review', labelKey: 'approvals.cases.nav.review', permission: 'approvals.case.review', groupKey: 'nav.groupApprovals',
    icon: <FileSearchOutlined />, component: p(() => import('../modules/approvals/cases/ReviewInboxPage.tsx')) },
  { key: 'approvals-decide', path: 'approvals-decide', labelKey: 'approvals.cases.nav.decide', permission: 'approvals.case.decide', groupKey: 'nav.groupApprovals',
    icon: <CheckSquareOutlined />, component: p(() => import('../modules/approvals/cases/DecisionsPage.tsx')) },
  { key: 'approvals-cases', path: 'approvals-cases', labelKey: 'approvals.cases.nav.all', permission: 'approvals.case.read', groupKey: 'nav.groupApprovals',
    icon: <UnorderedListOutlined />, component: p(() => import('../modules/approvals/cases/CasesPage.tsx')) },
  { key: 'approvals-ratings', path: 'approvals-ratings', labelKey: 'approvals.ratings.nav', permission: 'approvals.rating.read', groupKey: 'nav.groupApprovals',
    icon: <LikeOutlined />, component: p(() => import('../modules/approvals/ratings/RatingsPage.tsx')) },
  { key: 'approvals-supervision', path: 'approvals-supervision', labelKey: 'approvals.supervision.nav', permission: 'approvals.supervision.read', groupKey: 'nav.groupApprovals',
    icon: <AlertOutlined />, component: p(() => import('../modules/approvals/supervision/SupervisionPage.tsx')) },
  { key: 'approvals-statistics', path: 'approvals-statistics', labelKey: 'approvals.statistics.nav', permission: 'approvals.statistics.read', groupKey: 'nav.groupApprovals',
    icon: <BarChartOutlined />, component: p(() => import('../modules/approvals/statistics/StatisticsPage.tsx')) },
  { key: 'approvals-catalogue', path: 'approvals-catalogue', labelKey: 'approvals.catalogue.nav', permission: 'approvals.matter.manage', groupKey: 'nav.groupApprovals',
    icon: <BookOutlined />, component: p(() => import('../modules/approvals/catalogue/CataloguePage.tsx')) },
  { key: 'hazard-sites', path: 'hazard-sites', labelKey: 'hazards.nav.sites', permission: 'hazards.site.read', groupKey: 'hazards.nav.group',
    icon: <EnvironmentOutlined />, component: p(() => import('../modules/hazards/SitesPage.tsx')) },
  { key: 'hazard-monitoring', path: 'hazard-monitoring', labelKey: 'hazards.nav.monitoring', permission: 'hazards.site.read', groupKey: 'hazards.nav.group',
    icon: <DashboardOutlined />, component: p(() => import('../modules/hazards/MonitoringPage.tsx')) },
  { key: 'hazard-warnings', path: 'hazard-warnings', labelKey: 'hazards.nav.warnings', permission: 'hazards.warning.draft', groupKey: 'hazards.nav.group',
    icon: <NotificationOutlined />, component: p(() => import('../modules/hazards/WarningsPage.tsx')) },
  { key: 'hazard-cosign', path: 'hazard-cosign', labelKey: 'hazards.nav.warnings', permission: 'hazards.warning.cosign', groupKey: 'hazards.nav.group',
    icon: <NotificationOutlined />, component: p(() => import('../modules/hazards/WarningsPage.tsx')) },
  { key: 'hazard-events', path: 'hazard-events', labelKey: 'hazards.nav.events', permission: 'hazards.site.read', groupKey: 'hazards.nav.group',
    icon: <FireOutlined />, component: p(() => import('../modules/hazards/EventsPage.tsx')) },
  { key: 'hazard-inspections', path: 'hazard-inspections', labelKey: 'hazards.nav.inspections', permission: 'hazards.site.read', groupKey: 'hazards.nav.group',
    icon: <FileSearchOutlined />, component: p(() => import('../modules/hazards/InspectionsPage.tsx')) },
  { key: 'tipoffs', path: 'tipoffs', labelKey: 'nav.tipoffsLedger', permission: 'tipoffs.report.read', groupKey: 'nav.groupTipoffs',
    icon: <ProfileOutlined />, component: p(() => import('../modules/tipoffs/ledger/LedgerPage.tsx')) },
  { key: 'tipoffs-entry', path: 'tipoffs-entry', labelKey: 'nav.tipoffsEntry', permission: 'tipoffs.report.create', groupKey: 'nav.groupTipoffs',
    icon: <PhoneOutlined />, component: p(() => import('../modules/tipoffs/entry/EntryPage.tsx')) },
  { key: 'tipoffs-trends', path: 'tipoffs-trends', labelKey: 'nav.tipoffsTrends', permission: 'tipoffs.trends.read', groupKey: 'nav.groupTipoffs',
    icon: <LineChartOutlined />, component: p(() => import('../modules/tipoffs/trends/TrendsPage.tsx')) },
  { key: 'tipoffs-warnings', path: 'tipoffs-warnings', labelKey: 'nav.tipoffsWarnings', permission: 'tipoffs.report.read', groupKey: 'nav.groupTipoffs',
    icon: <WarningOutlined />, component: p(() => import('../modules/tipoffs/admin/WarningsPage.tsx')) },
  { key: 'tipoffs-settings', path: 'tipoffs-settings', labelKey: 'nav.tipoffsSettings', permission: 'tipoffs.settings.manage', groupKey: 'nav.groupTipoffs',
    icon: <SettingOutlined />, component: p(() => import('../modules/tipoffs/admin/SettingsPage.tsx')) },
  { key: 'tipoffs-apikeys', path: 'tipoffs-apikeys', labelKey: 'nav.tipoffsApiKeys', permission: 'tipoffs.apikey.manage', groupKey: 'nav.groupTipoffs',
    icon: <KeyOutlined />, component: p(() => import('../modules/tipoffs/admin/ApiKeysPage.tsx')) },
  { key: 'selection-agencies', path: 'selection-agencies', labelKey: 'nav.selectionAgencies', permission: 'selection.agency.read', groupKey: 'nav.groupSelection',
    icon: <ShopOutlined />, component: p(() => import('../modules/selection/AgenciesPage.tsx')) },
  { key: 'selection-draws', path: 'selection-draws', labelKey: 'nav.selectionDraws', permission: 'selection.draw.read', groupKey: 'nav.groupSelection',
    icon: <ThunderboltOutlined />, component: p(() => import('../modules/selection/DrawsPage.tsx')) },
  { key: 'patches', path: 'patches', labelKey: 'nav.patches', permission: 'patches.patch.read', groupKey: 'nav.groupPatches',
    icon: <RadarChartOutlined />, component: p(() => import('../modules/patches/PatchesPage.tsx')) },
  { key: 'trading', path: 'trading', labelKey: 'nav.tradingLots', permission: 'trading.lot.read', groupKey: 'nav.groupTrading',
    icon: <AuditOutlined />, component: p(() => import('../modules/trading/TradingStaffPage.tsx')) },
  { key: 'statistics', path: 'statistics', labelKey: 'nav.statisticsFill', permission: 'statistics.report.fill', groupKey: 'nav.groupStatistics',
    icon: <TableOutlined />, component: p(() => import('../modules/statistics/FillPage.tsx')) },
  { key: 'statistics-review', path: 'statistics-review', labelKey: 'nav.statisticsReview', permission: 'statistics.report.review', groupKey: 'nav.groupStatistics',
    icon: <ReviewOutlined />, component: p(() => import('../modules/statistics/ReviewPage.tsx')) },
  { key: 'statistics-rollup', path: 'statistics-rollup', labelKey: 'nav.statisticsRollup', permission: 'statistics.report.read', groupKey: 'nav.groupStatistics',
    icon: <FundOutlined />, component: p(() => import('../modules/statistics/RollupPage.tsx')) },
  { key: 'statistics-completeness', path: 'statistics-completeness', labelKey: 'nav.statisticsCompleteness', permission: 'statistics.report.read', groupKey: 'nav.groupStatistics',
    icon: <PieChartOutlined />, component: p(() => import('../modules/statistics/CompletenessPage.tsx')) },
  { key: 'enforcement', path: 'enforcement', labelKey: 'enforcement.nav.cases', permission: 'enforcement.case.read', groupKey: 'nav.groupTipoffs',
    icon: <FileProtectOutlined />, component: p(() => import('../modules/enforcement/CasesPage.tsx')) },
  { key: 'enforcement-statistics', path: 'enforcement-statistics', labelKey: 'enforcement.nav.statistics', permission: 'enforcement.statistics.read', groupKey: 'nav.groupTipoffs',
    icon: <FundOutlined />, component: p(() => import('../modules/enforcement/StatisticsPage.tsx')) },
  { key: 'openness-entries', path: 'openness-entries', labelKey: 'openness.nav.entries', permission: 'openness.entry.edit', groupKey: 'openness.nav.group',
    icon: <FileTextOutlined />, component: p(() => import('../modules/openness/EntriesPage.tsx')) },
  { key: 'openness-review', path: 'openness-review', labelKey: 'openness.nav.review', permission: 'openness.entry.review', groupKey: 'openness.nav.group',
    icon: <FileDoneOutlined />, component: p(() => import('../modules/openness/EntriesPage.tsx')) },
  { key: 'openness-letters', path: 'openness-letters', labelKey: 'openness.nav.letters', permission: 'openness.letter.reply', groupKey: 'openness.nav.group',
    icon: <MailOutlined />, component: p(() => import('../modules/openness/LettersPage.tsx')) },
  { key: 'openness-surveys', path: 'openness-surveys', labelKey: 'openness.nav.surveys', permission: 'openness.survey.manage', groupKey: 'openness.nav.group',
    icon: <PieChartOutlined />, component: p(() => import('../modules/openness/SurveysPage.tsx')) },
  { key: 'pki-mine', path: 'my-certificates', labelKey: 'nav.pkiMine', icon: <KeyOutlined />, component: p(() => import('../modules/pki/MyCertificatesPage.tsx')) },
  { key: 'township', path: 'township', labelKey: 'township.nav.home', permission: 'township.entry.file', groupKey: 'nav.groupTownship',
    icon: <HomeOutlined />, component: p(() => import('../modules/township/TownshipHomePage.tsx')) },
  { key: 'township-patrol', path: 'township-patrol', labelKey: 'township.nav.patrol', permission: 'township.entry.file', groupKey: 'nav.groupTownship',
    icon: <FormOutlined />, component: p(() => import('../modules/township/PatrolFormPage.tsx')) },
  { key: 'township-change', path: 'township-change', labelKey: 'township.nav.change', permission: 'township.entry.file', groupKey: 'nav.groupTownship',
    icon: <SwapOutlined />, component: p(() => import('../modules/township/ChangeFormPage.tsx')) },
  { key: 'township-notices', path: 'township-notices', labelKey: 'township.nav.notices', permission: 'township.notice.read', groupKey: 'nav.groupTownship',
    icon: <NotificationOutlined />, component: p(() => import('../modules/township/NoticesPage.tsx')) },
  { key: 'township-messages', path: 'township-messages', labelKey: 'township.nav.messages', permission: 'township.message.ask', groupKey: 'nav.groupTownship',
    icon: <CommentOutlined />, component: p(() => import('../modules/township/MessagesPage.tsx')) },
  { key: 'township-answers', path: 'township-answers', labelKey: 'township.nav.answers', permission: 'township.message.answer', groupKey: 'nav.groupTownship',
    icon: <CommentOutlined />, component: p(() => import('../modules/township/MessagesPage.tsx')) },
  { key: 'township-supervision', path: 'township-supervision', labelKey: 'township.nav.supervision', permission: 'township.supervision.read', groupKey: 'nav.groupTownship',
    icon: <EyeOutlined />, component: p(() => import('../modules/township/SupervisionPage.tsx')) },
  { key: 'exchange', path: 'exchange', labelKey: 'exchange.nav.channels', permission: 'exchange.package.manage', groupKey: 'nav.groupSystem',
    icon: <SwapOutlined />, component: p(() => import('../modules/exchange/ExchangePage.tsx')) },
  { key: 'portal-articles', path: 'portal-articles', labelKey: 'nav.portalArticles', permission: 'portal.article.edit', groupKey: 'nav.groupPortal',
    icon: <GlobalOutlined />, component: p(() => import('../modules/portal/ArticlesPage.tsx')) },
  { key: 'portal-review', path: 'portal-review', labelKey: 'nav.portalReview', permission: 'portal.article.review', groupKey: 'nav.groupPortal',
    icon: <CheckSquareOutlined />, component: p(() => import('../modules/portal/ArticlesPage.tsx')) },
  { key: 'portal-health', path: 'portal-health', labelKey: 'nav.portalHealth', permission: 'portal.health.read', groupKey: 'nav.groupPortal',
    icon: <DashboardOutlined />, component: p(() => import('../modules/portal/HealthPage.tsx')) },
  { key: 'portal-sites', path: 'portal-sites', labelKey: 'website.nav.settings', permission: 'portal.site.manage', groupKey: 'nav.groupPortal',
    icon: <SettingOutlined />, component: p(() => import('../modules/portal/SitesPage.tsx')) },
  { key: 'enforcement-settings', path: 'enforcement-settings', labelKey: 'enforcement.nav.settings', permission: 'enforcement.settings.manage', groupKey: 'nav.groupTipoffs',
    icon: <SettingOutlined />, component: p(() => import('../modules/enforcement/SettingsPage.tsx')) },
];

/** Menu items the permissions allow, in NAV order. */
export function visibleNav(permissions: readonly string[]): NavItem[] {
  const have = new Set(permissions);
  return NAV.filter((n) => !n.permission || have.has(n.permission));
}
