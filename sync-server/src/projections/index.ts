import type { BatchGuard } from '../event-store/batch-guard';
import type { ServerProjection } from '../event-store/projection';
import { appointmentsProjection } from './appointments';
import { doubleBookingGuard } from './double-booking';
import { lastAdminGuard } from './last-admin';
import { linksGuard } from './links';
import { usersProjection } from './users';

/** The server's read models, kept in each append's transaction, in this order. */
export const serverProjections: ServerProjection[] = [usersProjection, appointmentsProjection];

/** The rules across aggregates that the server checks on the read models as it appends. */
export const batchGuards: BatchGuard[] = [linksGuard, doubleBookingGuard, lastAdminGuard];
