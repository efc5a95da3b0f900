import type { BaseProperty } from 'adminjs';
import { Resource as SequelizeResource } from '@adminjs/sequelize';
import type { Model } from 'sequelize';

/**
 * The Sequelize adapter, with foreign keys to tables the back office does not register shown as
 * plain ids: AdminJS throws on a reference to an unknown resource, and models arrive one area at a time.
 * Passing this instance to AdminJS also makes a global `AdminJS.registerAdapter` unnecessary.
 */
export class BackOfficeResource extends SequelizeResource {
  constructor(
    model: typeof Model,
    private readonly registered: ReadonlySet<string>,
  ) {
    super(model);
  }

  override properties(): BaseProperty[] {
    return super.properties().map((p) => this.local(p));
  }

  override property(path: string): BaseProperty | null {
    const p = super.property(path);
    return p ? this.local(p) : null;
  }

  private local(property: BaseProperty): BaseProperty {
    const target = property.reference();
    if (target && !this.registered.has(target)) property.reference = () => null;
    return property;
  }
}
