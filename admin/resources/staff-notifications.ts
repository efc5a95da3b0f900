import { flat, ForbiddenError, type Before } from 'adminjs';
import { User } from '../../src/models/index.js';
import { STAFF_ROLES } from '../../src/models/enums.js';

/** The notifications resource shows the staff side of the bell: rows addressed to staff users only. */

async function staffIds(): Promise<number[]> {
  const staff = await User.findAll({ attributes: ['id'], where: { role: [...STAFF_ROLES] } });
  return staff.map((u) => u.id);
}

/** list: `userId` narrowed to staff users (intersected with a userId filter when one is set). */
export const staffNotificationsOnly: Before = async (request) => {
  const query = flat.unflatten(request.query ?? {}) as { filters?: Record<string, unknown> };
  const filters = { ...(query.filters ?? {}) };
  const wanted = filters.userId === undefined || filters.userId === '' ? null : Number(filters.userId);
  const ids = (await staffIds()).filter((id) => wanted === null || id === wanted);
  return { ...request, query: flat.flatten({ ...query, filters: { ...filters, userId: ids.length ? ids : [0] } }) };
};

/** show: a customer's notification is not the back office's to open. */
export const staffNotificationOnly: Before = async (request, { record }) => {
  const userId = Number(record?.param('userId'));
  if (!(await staffIds()).includes(userId)) throw new ForbiddenError('Only staff notifications are shown here');
  return request;
};
