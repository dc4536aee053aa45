import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

import { ProblemView } from './shared/http';

/** The OpenAPI document of the public API. */
export function buildOpenApi(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('CityGrid API')
    .setDescription(
      'Public API of CityGrid, the grid-management platform (网格化管理): the five-level tree (city → district → subdistrict → community → grid), ' +
        'point lookup, staff, linked departments, places and bulk imports. Errors are RFC 9457 problem+json. Coordinates are GeoJSON [lng, lat] in WGS-84.',
    )
    .setVersion('1')
    .addServer('/', 'This deployment (the gateway that serves this document)')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Access token from /auth/login (staff) or /oauth/token (API clients).' })
    .addOAuth2(
      {
        type: 'oauth2',
        description: 'OAuth 2.0 client credentials for other city systems; each operation names the scope it needs.',
        flows: {
          clientCredentials: {
            tokenUrl: '/oauth/token',
            scopes: {
              'registry:read': 'Read the registry',
              'registry:write': 'Change the registry',
              'cases:read': 'Read cases, categories, the calendar and the reports',
              'cases:write': 'Report cases',
            },
          },
        },
      },
      'clientCredentials',
    )
    .build();
  return finish(SwaggerModule.createDocument(app, config, { extraModels: [ProblemView], operationIdFactory: operationId }));
}

/** Operation ids a generic rule would name badly, by `Controller.method`. */
const OPERATION_IDS: Readonly<Record<string, string>> = {
  'RelocationProjectsController.dailyReport': 'getRelocationDailyReport',
  'RelocationProjectsController.meetingAgenda': 'getRelocationMeetingAgenda',
  'RelocationProjectsController.progress': 'getRelocationProgress',
  'RelocationProjectsController.places': 'listRelocationPlaces',
  'RelocationHouseholdsController.advance': 'advanceRelocationHousehold',
  'RelocationHouseholdsController.holdout': 'setRelocationHouseholdHoldout',
  'RelocationPackagesController.assign': 'assignRelocationPackageHouseholds',
  'RelocationHelpRequestsController.advance': 'advanceRelocationHelpRequest',
  'SchoolsController.remove': 'deleteSchool',
  'CatchmentsController.lookup': 'lookupCatchments',
  'HouseholdEnrolmentRequestsController.list': 'listHouseholdEnrolmentRequests',
  'JobSeekersController.matches': 'listJobSeekerMatches',
  'JobPostingsController.matches': 'listJobPostingMatches',
  'JobFairsController.attendance': 'recordJobFairAttendance',
  'JobFairsController.offer': 'recordJobFairOffer',
  'PlacementsController.followUp': 'recordPlacementFollowUp',
  'FollowUpsController.due': 'listFollowUpsDue',
  'EmploymentTargetsController.progress': 'getEmploymentProgress',
  'ServiceRequestsController.mine': 'listMyServiceRequests',
  'ServiceRequestsController.note': 'addServiceRequestNote',
  'ServiceFiguresController.get': 'getServiceFigures',
  // volunteers
  'PartyOrganisationsController.formation': 'getPartyOrganisationFormation',
  'VolunteerTeamsController.addMember': 'addVolunteerTeamMember',
  'VolunteerActivitiesController.enterHours': 'enterVolunteerActivityHours',
  'EducationSessionsController.attend': 'recordEducationSessionAttendance',
  'NodesController.children': 'listNodeChildren',
  'CasesController.comment': 'addCaseComment',
  'CasesController.reporters': 'getCaseReporters',
  'NodesController.staff': 'listNodeStaff',
  'NodesController.tree': 'getTree',
  'NodesController.lookup': 'lookupPoint',
  'ResidentsController.search': 'searchResidents',
  'AuditController.list': 'listAuditEntries',
  'ClientsController.issueApiKey': 'issueApiKey',
  'ClientsController.listApiKeys': 'listApiKeys',
  'ClientsController.revokeApiKey': 'revokeApiKey',
  'AuthController.login': 'login',
  'AuthController.logout': 'logout',
  'AuthController.changePassword': 'changePassword',
  'AuthController.jwks': 'getJwks',
  'OAuthController.token': 'issueToken',
  'AccountsController.resetPassword': 'resetAccountPassword',
  'KeysController.rotate': 'rotateSigningKey',
  'CasesController.suggestedDepartments': 'listSuggestedDepartments',
  'CasesController.timeline': 'getCaseTimeline',
  'CasesController.satisfaction': 'recordSatisfaction',
  'CasesController.returnCase': 'returnCase',
  'CalendarController.list': 'listCalendarDays',
  'CalendarController.set': 'setCalendarDay',
  'MeController.work': 'getMyWork',
  'PatrolsController.unpatrolled': 'listUnpatrolledGrids',
  'PatrolsController.keyLocations': 'listPatrolKeyLocations',
  'PatrolsController.raiseCase': 'raiseCaseFromPatrol',
  'VisitsController.raiseCase': 'raiseCaseFromVisit',
  'StandupsController.agenda': 'getStandupAgenda',
  'SupervisionController.flag': 'flagCase',
  'SupervisionController.listFlags': 'listSupervisionFlags',
  'SupervisionController.getFlag': 'getSupervisionFlag',
  'SupervisionController.inspect': 'recordInspection',
  'SupervisionController.listInspections': 'listInspections',
  'SupervisionController.getInspection': 'getInspection',
  'CampaignsController.progress': 'getCampaignProgress',
  'ReportsController.definitions': 'listKpiDefinitions',
  'ReportsController.kpis': 'getKpis',
  'ReportsController.livelihood': 'getLivelihoodFigures',
  'ReportsController.volunteers': 'getVolunteerFigures',
  'ReportsController.relocation': 'getRelocationFigures',
  'ReportsController.dashboard': 'getKpiDashboard',
  'ReportsController.liveFeed': 'streamKpis',
  'ReportsController.rebuild': 'startRebuild',
  'ReportsController.latest': 'getLatestRebuild',
  'AssessmentsController.assessments': 'listAssessments',
  'AssessmentsController.rankings': 'listRankings',
  'AssessmentsController.rules': 'listAssessmentRules',
  'AssessmentsController.createRule': 'createAssessmentRule',
  'ReportFilesController.kpisCsv': 'exportKpisCsv',
  'ReportFilesController.kpisXlsx': 'exportKpisXlsx',
  'ReportFilesController.assessmentsCsv': 'exportAssessmentsCsv',
  'ReportFilesController.assessmentsXlsx': 'exportAssessmentsXlsx',
  'ReportFilesController.report': 'getAssessmentReport',
  'ReportFilesController.rankingsCsv': 'exportRankingsCsv',
  'ReportFilesController.rankingsXlsx': 'exportRankingsXlsx',
  'MyNotificationsController.list': 'listMyNotifications',
  'MyNotificationsController.markRead': 'markMyNotificationsRead',
  'MyNotificationsController.settings': 'getMyNotificationSettings',
  'MyNotificationsController.updateSettings': 'updateMyNotificationSettings',
  'NotificationsController.rules': 'listNotificationRules',
  'NotificationsController.deliveries': 'listDeliveries',
  'WebhooksController.create': 'createWebhookSubscription',
  'WebhooksController.list': 'listWebhookSubscriptions',
  'WebhooksController.get': 'getWebhookSubscription',
  'WebhooksController.update': 'updateWebhookSubscription',
  'WebhooksController.remove': 'deleteWebhookSubscription',
  'WebhooksController.rotate': 'rotateWebhookSecret',
  'WebhooksController.deliveries': 'listWebhookDeliveries',
  'WebhooksController.redeliver': 'redeliverWebhookDelivery',
  'HealthStationsController.geojson': 'getHealthStationsGeojson',
  'HealthCoverageController.get': 'getHealthCoverage',
  'HealthCoverageController.geojson': 'getHealthCoverageGeojson',
  'HealthCoverageController.compute': 'computeHealthCoverage',
  'HealthRoadGraphController.import': 'importHealthRoadGraph',
  'HealthRoadGraphController.get': 'getHealthRoadGraph',
  'HealthRoadGraphController.clear': 'clearHealthRoadGraph',
  'HealthFollowUpsController.visit': 'logHealthFollowUpVisit',
};

/** `Cases` → `Case`, `Categories` → `Category`, `Staff` stays. */
function singular(noun: string): string {
  if (noun.endsWith('ies')) return `${noun.slice(0, -3)}y`;
  if (noun.endsWith('s') && noun !== 'Staff') return noun.slice(0, -1);
  return noun;
}

/**
 * Operation ids a generated client names its methods by: the verb and the resource (`createCase`,
 * `listNodes`, `fileCase`, `approveExtensionCase`), or a name of its own where that reads badly.
 */
export function operationId(controllerKey: string, methodKey: string): string {
  const named = OPERATION_IDS[`${controllerKey}.${methodKey}`];
  if (named) return named;
  const noun = controllerKey.replace(/Controller$/, '');
  return methodKey === 'list' ? `list${noun}` : `${methodKey}${singular(noun)}`;
}

type Schema = Record<string, unknown>;

/**
 * What the decorators cannot say, so that generated clients read the document as meant (and
 * `@redocly/cli lint` with its recommended rules finds nothing wrong), after checking that no two
 * operations share an operation id:
 * - an operation that needs no token (logging in, the token endpoint, the key set) says so with
 *   `security: []`, not by saying nothing;
 * - a nullable enum property (`allOf` of a `$ref` and `nullable`) carries its enum's `type` beside
 *   `nullable`, as OpenAPI 3.0 requires.
 */
export function finish(doc: OpenAPIObject): OpenAPIObject {
  const ids = new Map<string, string>();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = item[method];
      if (!operation) continue;
      if (!operation.security) operation.security = [];
      // a generated client names a method by its operation id: two of one name would be one method
      const where = `${method.toUpperCase()} ${path}`;
      const id = operation.operationId;
      if (id !== undefined) {
        const seen = ids.get(id);
        if (seen) throw new Error(`operation id ${id} is both ${seen} and ${where}`);
        ids.set(id, where);
      }
    }
  }
  const schemas = (doc.components?.schemas ?? {}) as Record<string, Schema>;
  const typeOf = (ref: unknown): unknown => (typeof ref === 'string' ? schemas[ref.replace('#/components/schemas/', '')]?.['type'] : undefined);
  for (const schema of Object.values(schemas)) {
    for (const property of Object.values((schema['properties'] ?? {}) as Record<string, Schema>)) {
      const allOf = property['allOf'] as Array<{ $ref?: string }> | undefined;
      if (property['nullable'] === true && property['type'] === undefined && allOf?.length === 1) {
        const type = typeOf(allOf[0]?.$ref);
        if (type) property['type'] = type;
      }
    }
  }
  return doc;
}

/** Serve the UI at `/docs` and the document at `/docs-json`. */
export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup('docs', app, () => buildOpenApi(app), { jsonDocumentUrl: 'docs-json', yamlDocumentUrl: 'docs-yaml' });
}
