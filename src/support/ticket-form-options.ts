import { Op } from 'sequelize';
import { TICKET_PRIORITIES, type TicketPriority } from '../models/enums.js';
import { Plan, Service, Subscription, TicketDepartment } from '../models/index.js';

export interface TicketFormOptions {
  departments: Array<{ id: number; name: string; description: string | null }>;
  priorities: readonly TicketPriority[];
  /** The customer's own services (a ticket may be about one of them). */
  services: Array<{ id: number; label: string }>;
}

/** What the new-ticket form offers a customer: active departments, priorities, and their live services. */
export async function ticketFormOptions(customerId: number): Promise<TicketFormOptions> {
  const [departments, services] = await Promise.all([
    TicketDepartment.findAll({ where: { active: true }, order: [['sortOrder', 'ASC'], ['name', 'ASC']], attributes: ['id', 'name', 'description'] }),
    Service.findAll({
      where: { customerId, status: { [Op.ne]: 'terminated' } },
      attributes: ['id', 'reference', 'hostname', 'domain', 'subscriptionId'],
      include: [{ model: Subscription, as: 'subscription', attributes: ['id', 'planId'], include: [{ model: Plan, as: 'plan', attributes: ['id', 'name'] }] }],
      order: [['id', 'ASC']],
    }),
  ]);
  return {
    departments: departments.map((d) => ({ id: d.id, name: d.name, description: d.description })),
    priorities: TICKET_PRIORITIES,
    services: services.map((s) => ({ id: s.id, label: [s.subscription?.plan?.name, s.hostname ?? s.domain ?? s.reference].filter(Boolean).join(' · ') })),
  };
}
