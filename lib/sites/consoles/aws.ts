/** The AWS console's readers: what entrypoints/aws.content.ts bundles (see ../index.ts). */
import type { SiteReader } from '../site-reader';
import { awsCloudtrailEvents } from '../readers/aws-cloudtrail-events';

export const AWS_READERS: readonly SiteReader[] = [awsCloudtrailEvents];
