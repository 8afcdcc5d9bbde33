/**
 * One real-looking URL per console view and a few look-alikes, for the readers' negative URL
 * tests: every reader must say no to every other console's views. Also each reader's positive
 * example URLs (READER_URLS) and the look-alike hosts (LOOK_ALIKE_URLS) for the registry
 * meta-test (test/sites-registry.test.ts): a positive URL matches its reader and no other (the
 * Azure React-view iframes excepted: all three Azure readers match them), is covered by the
 * content script that loads that reader, and no content script runs on a look-alike.
 */
export const OTHER_CONSOLE_URLS: readonly string[] = [
  'https://us-east-1.console.aws.amazon.com/cloudtrailv2/home?region=us-east-1#/events',
  'https://console.aws.amazon.com/cloudtrailv2/home#/events/1f2e3d4c-0000-4000-8000-000000000001',
  'https://entra.microsoft.com/#view/Microsoft_AAD_IAM/SignInLogsList.ReactView',
  'https://portal.azure.com/#view/Microsoft_Azure_Monitoring/AzureMonitoringBrowseBlade/~/activityLog',
  'https://sandbox-1.reactblade.portal.azure.net/',
  'https://console.cloud.google.com/logs/query;query=protoPayload.methodName%3D%22GenerateAccessToken%22?project=acme-prod',
  'https://console.cloud.google.com/iam-admin/iam?project=acme-prod',
  'https://admin.google.com/ac/reporting/audit/token',
  'https://admin.google.com/ac/users',
  'https://acme-admin.okta.com/report/system_log_2',
  'https://acme-admin.okta.com/admin/dashboard',
  'https://github.com/organizations/acme/settings/audit-log',
  'https://github.com/enterprises/acme-corp/settings/audit-log?q=action%3Arepo.create',
  'https://github.com/orgs/acme/settings/profile',
  'https://github.com/acme/payments/settings',
  'https://admin.google.com.evil.example/ac/reporting/audit/login',
  'https://console.cloud.google.com.evil.example/logs/query',
  'https://evil-okta.com/report/system_log_2',
  'https://github.com.evil.example/organizations/acme/settings/audit-log',
  'https://example.com/',
];

/** Each reader's positive example URLs, by reader id (selected-json has no page: none). */
export const READER_URLS: Readonly<Record<string, readonly string[]>> = {
  'aws-cloudtrail-events': [
    'https://us-east-1.console.aws.amazon.com/cloudtrailv2/home?region=us-east-1#/events',
    'https://console.aws.amazon.com/cloudtrailv2/home#/events/1f2e3d4c-0000-4000-8000-000000000001',
    'https://123456789012-abcd1234.us-east-1.console.aws.amazon.com/cloudtrailv2/home?region=us-east-1#/events',
    'https://us-gov-west-1.console.amazonaws-us-gov.com/cloudtrailv2/home?region=us-gov-west-1#/events',
    'https://console.amazonaws-us-gov.com/cloudtrailv2/home?region=us-gov-east-1#/events/abc',
    'https://cn-north-1.console.amazonaws.cn/cloudtrailv2/home?region=cn-north-1#/events',
    'https://us-east-1.console.aws.amazon.com/cloudtrail/home?region=us-east-1#/events',
  ],
  'entra-signins': [
    'https://entra.microsoft.com/#view/Microsoft_AAD_IAM/SignInLogsList.ReactView',
    'https://portal.azure.com/#view/Microsoft_AAD_IAM/SignInLogsList.ReactView',
    'https://portal.azure.com/#@contoso.onmicrosoft.com/blade/Microsoft_AAD_IAM/SignInEventsV3Blade',
    'https://ms.portal.azure.com/#blade/Microsoft_AAD_IAM/SignInEventsBlade',
    'https://entra.microsoft.com/#view/Microsoft_AAD_IAM/ActiveDirectoryMenuBlade/~/SignIns',
    'https://sandbox-1.reactblade.portal.azure.net/',
    'https://x.reactblade-ms.portal.azure.net/',
    'https://x.reactblade-rc.portal.azure.net/',
  ],
  'entra-audit': [
    'https://entra.microsoft.com/#view/Microsoft_AAD_IAM/AuditLogList.ReactView',
    'https://portal.azure.com/#view/Microsoft_AAD_IAM/AuditLogList.ReactView/timeRangeType/last7days',
    'https://portal.azure.com/#@contoso.onmicrosoft.com/blade/Microsoft_AAD_IAM/AuditLogsBlade',
    'https://entra.microsoft.com/#view/Microsoft_AAD_IAM/ActiveDirectoryMenuBlade/~/Audit',
    'https://sandbox-1.reactblade.portal.azure.net/',
    'https://sandbox-3.reactblade-ms.portal.azure.net/x',
  ],
  'azure-activity': [
    'https://portal.azure.com/#view/Microsoft_Azure_Monitoring/AzureMonitoringBrowseBlade/~/activityLog',
    'https://portal.azure.com/#@contoso.onmicrosoft.com/blade/Microsoft_Azure_ActivityLog/ActivityLogBlade',
    'https://ms.portal.azure.com/#@contoso.onmicrosoft.com/resource/subscriptions/2f3e/resourceGroups/rg' +
      '/providers/Microsoft.Storage/storageAccounts/x/activitylog',
    'https://sandbox-1.reactblade.portal.azure.net/',
    'https://sandbox-2.reactblade-rc.portal.azure.net/',
  ],
  'gcp-logs-explorer': [
    'https://console.cloud.google.com/logs/query',
    'https://console.cloud.google.com/logs/query;query=protoPayload.methodName%3D%22GenerateAccessToken%22?project=acme-prod',
    'https://console.cloud.google.com/logs/query;cursorTimestamp=2026-05-12T14:20:05.104392Z?project=acme-prod&authuser=1',
  ],
  'okta-system-log': [
    'https://acme-admin.okta.com/report/system_log_2',
    'https://acme-admin.okta.com/report/system_log_2?search=eventType%20eq%20%22user.session.start%22',
    'https://dev-123456-admin.oktapreview.com/report/system_log_2',
    'https://acme-eu-admin.okta-emea.com/report/system_log_2?search=',
  ],
  'workspace-audit': [
    'https://admin.google.com/ac/reporting/audit/token',
    'https://admin.google.com/ac/reporting/audit/login',
    'https://admin.google.com/ac/reporting/audit/admin?hl=en',
    'https://admin.google.com/u/1/ac/reporting/audit/token',
  ],
  'github-audit-log': [
    'https://github.com/organizations/acme/settings/audit-log',
    'https://github.com/organizations/acme/settings/audit-log?q=actor%3Aocto-dev',
    'https://github.com/enterprises/acme-corp/settings/audit-log?q=action%3Arepo.create',
  ],
};

/** Hosts that only look like a console's: no reader and no content script may run there. */
export const LOOK_ALIKE_URLS: readonly string[] = [
  'https://console.aws.amazon.com.evil.example/cloudtrailv2/home?region=us-east-1#/events',
  'https://evilconsole.aws.amazon.com/cloudtrailv2/home#/events',
  'https://console.aws.amazon.com.cn/cloudtrailv2/home#/events',
  'https://portal.azure.com.evil.example/#view/Microsoft_AAD_IAM/SignInLogsList.ReactView',
  'https://evilportal.azure.com.example/#view/Microsoft_AAD_IAM/SignInLogsList.ReactView',
  'https://entra.microsoft.com.evil.example/#view/Microsoft_AAD_IAM/SignInLogsList.ReactView',
  'https://sandbox-1.reactblade.portal.azure.net.evil.example/',
  'https://sandbox-1.reactbladeX.portal.azure.net/',
  'https://console.cloud.google.com.evil.example/logs/query',
  'https://evilconsole.cloud.google.com/logs/query',
  'https://admin.google.com.evil.example/ac/reporting/audit/login',
  'https://evil-admin.google.com/ac/reporting/audit/token',
  'https://evil-okta.com/report/system_log_2',
  'https://acme-admin.okta.com.evil.example/report/system_log_2',
  'https://acme-admin.evil-okta.com/report/system_log_2',
  'https://github.com.evil.example/organizations/acme/settings/audit-log',
  'https://evilgithub.com/organizations/acme/settings/audit-log',
];
