import { Op, type Transaction } from 'sequelize';
import { RecoveryCode } from '../models/index.js';
import { generateRecoveryCodes } from './totp.js';

/** Replaces a user's recovery codes with ten new ones (inside the caller's transaction); returns them in clear. */
export async function replaceRecoveryCodes(userId: number, transaction: Transaction): Promise<string[]> {
  const { codes, hashes } = generateRecoveryCodes(10);
  await RecoveryCode.destroy({ where: { userId }, transaction });
  await RecoveryCode.bulkCreate(hashes.map((codeHash) => ({ userId, codeHash })), { transaction });
  return codes;
}

/** How many recovery codes a user has left. */
export async function countUnusedRecoveryCodes(userId: number, transaction?: Transaction): Promise<number> {
  return RecoveryCode.count({ where: { userId, usedAt: { [Op.is]: null } }, transaction });
}
