/**
 * Microsoft first-party clients abused with stolen or phished tokens, and the resources they
 * target (Elastic's Entra ID device-code, first-party-app OAuth phishing and unusual-client rules;
 * Panther Azure.Audit.DeviceCodeBrokerClient and Azure.Audit.VSCodeOAuthPhishing; see
 * docs/detections.md, 'oauth-consent'). Shared by oauth-consent (FOCI client to Graph, device
 * code) and refresh-token-abuse (broker refresh → PRT, Elastic "OAuth PRT Issuance to Non-Managed Device").
 */

/** Microsoft Authentication Broker: the client of the refresh-token → PRT chain (Elastic "OAuth PRT Issuance to Non-Managed Device"). */
export const AUTH_BROKER_APP_ID = '29d9ed98-a469-4536-ade2-f981bc1d605e';

/** Family-of-client-ids (FOCI) public clients whose refresh tokens work for each other. */
export const FOCI_CLIENTS: Readonly<Record<string, string>> = {
  'aebc6443-996d-45c2-90f0-388ff96faa56': 'Visual Studio Code',
  '04b07795-8ddb-461a-bbee-02f9e1bf7b46': 'Microsoft Azure CLI',
  '1950a258-227b-4e31-a9cf-717495945fc2': 'Microsoft Azure PowerShell',
  [AUTH_BROKER_APP_ID]: 'Microsoft Authentication Broker',
  '9ba1a5c7-f17a-4de9-a1f1-6178c8d51223': 'Microsoft Intune Company Portal',
};

/** Directory resources these clients are pointed at: Microsoft Graph, AAD Graph, Device Registration Service. */
const DIRECTORY_RESOURCES: readonly string[] = [
  '00000003-0000-0000-c000-000000000000',
  'Microsoft Graph',
  '00000002-0000-0000-c000-000000000000',
  'Windows Azure Active Directory',
  'Azure Active Directory Graph',
  '01cb2876-7ebd-4aa4-9cc9-d28bd4d359a9',
  'Device Registration Service',
];

const RESOURCES = new Set(DIRECTORY_RESOURCES.map((r) => r.toLowerCase()));

export function isDirectoryResource(resource: string | undefined): boolean {
  return !!resource && RESOURCES.has(resource.trim().toLowerCase());
}

/** Visual Studio Code's first-party client id (Panther Azure.Audit.VSCodeOAuthPhishing). */
export const VSCODE_APP_ID = 'aebc6443-996d-45c2-90f0-388ff96faa56';

/** Microsoft Graph by its app id or its display name (sign-ins carry either). */
export function isGraphResource(resource: string | undefined): boolean {
  const r = resource?.trim().toLowerCase();
  return r === '00000003-0000-0000-c000-000000000000' || r === 'microsoft graph';
}
