/**
 * One real-looking URL per console view and a few look-alikes, for the readers' negative URL
 * tests: every reader must say no to every other console's views.
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
