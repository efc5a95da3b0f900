import { DataTypes, Model, type CreationOptional, type ForeignKey, type InferAttributes, type InferCreationAttributes, type NonAttribute, type Sequelize } from 'sequelize';
import { attr } from './attributes.js';
import { ARTICLE_KINDS, type ArticleKind } from './enums.js';
import type { User } from './user.js';

/** A knowledge-base article, FAQ entry or news post (Markdown), public once `publishedAt` has passed. */
export class Article extends Model<InferAttributes<Article>, InferCreationAttributes<Article>> {
  declare id: CreationOptional<number>;
  declare kind: ArticleKind;
  declare category: CreationOptional<string | null>;
  /** Unique within its kind: /kb/<slug>, /news/<slug>. */
  declare slug: string;
  declare title: string;
  declare summary: CreationOptional<string | null>;
  declare bodyMd: string;
  declare sortOrder: CreationOptional<number>;
  /** Null: a draft. In the future: scheduled. */
  declare publishedAt: CreationOptional<Date | null>;
  declare authorId: ForeignKey<User['id']> | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  declare author?: NonAttribute<User | null>;

  static initModel(sequelize: Sequelize): typeof Article {
    return Article.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        kind: attr.enum(ARTICLE_KINDS),
        category: DataTypes.STRING(100),
        slug: { type: DataTypes.STRING(191), allowNull: false, validate: { is: /^[a-z0-9]+(?:-[a-z0-9]+)*$/ } },
        title: { type: DataTypes.STRING(191), allowNull: false, validate: { notEmpty: true } },
        summary: DataTypes.STRING(500),
        bodyMd: { type: DataTypes.TEXT, allowNull: false },
        sortOrder: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        publishedAt: DataTypes.DATE,
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'articles', modelName: 'Article', underscored: true },
    );
  }
}
