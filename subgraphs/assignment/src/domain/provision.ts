import { randomBytes } from 'node:crypto';
import type { UserRole } from '@leadwire/platform';
import { AssignmentErrorCode, fail } from '../errors.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { displayPrefix, generateSecret, hashPassword, hashSecret, kindOfSecret, SECRET_PREFIX } from './secrets.ts';

export interface NewPerson {
  name: string;
  email: string;
  password: string;
}

export interface ProvisionInput {
  name: string;
  slug?: string;
  admin: NewPerson;
  users?: Array<NewPerson & { role: UserRole }>;
  /** `secret` is for the demo seed, which documents fixed keys; otherwise one is generated. */
  publishableKey?: { name: string; allowedOrigins: string[]; secret?: string };
  serviceKey?: { name: string; secret?: string };
  platformAdmin?: boolean;
}

export function slugify(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return base || 'workspace';
}

/** A given secret must look like one, or the router could never resolve it. */
function secretOf(kind: 'PUBLISHABLE' | 'SERVICE', given: string | undefined): string {
  if (given === undefined) return generateSecret(kind);
  if (kindOfSecret(given) !== kind || given.length < SECRET_PREFIX[kind].length + 32) {
    throw new Error(`A ${kind} key secret must start with ${SECRET_PREFIX[kind]} and carry at least 32 characters after it`);
  }
  return given;
}

/**
 * Creates a workspace with its admin, users and keys in one transaction: a
 * half-made tenant (a workspace nobody can log into) never exists. Used by
 * `createWorkspace` and by the demo seed.
 */
export async function provisionWorkspace(prisma: PrismaClient, input: ProvisionInput) {
  const people = [{ ...input.admin, role: 'ADMIN' as UserRole }, ...(input.users ?? [])].map((p) => ({
    ...p,
    email: p.email.trim().toLowerCase(),
  }));
  const emails = people.map((p) => p.email);
  // Emails are unique per workspace, and this one is new: only the input itself can repeat one.
  if (new Set(emails).size !== emails.length) fail(AssignmentErrorCode.EMAIL_TAKEN, 'The same email appears twice');
  // Hash before opening the transaction: argon2 is slow on purpose and must not hold locks.
  const hashes = await Promise.all(people.map((p) => hashPassword(p.password)));
  const publishableKeySecret = input.publishableKey ? secretOf('PUBLISHABLE', input.publishableKey.secret) : null;
  const serviceKeySecret = input.serviceKey ? secretOf('SERVICE', input.serviceKey.secret) : null;

  return prisma.$transaction(async (tx) => {
    let slug = input.slug ?? slugify(input.name);
    if (await tx.workspace.findUnique({ where: { slug } })) {
      if (input.slug) fail(AssignmentErrorCode.SLUG_TAKEN, `The slug ${slug} is taken`, { field: 'input.slug' });
      slug = `${slug}-${randomBytes(3).toString('hex')}`;
    }
    const workspace = await tx.workspace.create({ data: { name: input.name.trim(), slug } });
    const created = [];
    for (const [i, p] of people.entries()) {
      created.push(
        await tx.user.create({
          data: {
            workspaceId: workspace.id,
            name: p.name.trim(),
            email: p.email,
            passwordHash: hashes[i]!,
            role: p.role,
            isPlatformAdmin: i === 0 && input.platformAdmin === true,
          },
        }),
      );
    }
    const [admin, ...users] = created;
    const key = (kind: 'PUBLISHABLE' | 'SERVICE', name: string, secret: string, allowedOrigins: string[] = []) =>
      tx.apiKey.create({
        data: {
          workspaceId: workspace.id,
          kind,
          name,
          prefix: displayPrefix(secret),
          hash: hashSecret(secret),
          scopes: [],
          allowedOrigins,
          createdById: admin!.id,
        },
      });
    if (input.publishableKey && publishableKeySecret) {
      await key('PUBLISHABLE', input.publishableKey.name, publishableKeySecret, input.publishableKey.allowedOrigins);
    }
    if (input.serviceKey && serviceKeySecret) await key('SERVICE', input.serviceKey.name, serviceKeySecret);
    return { workspace, admin: admin!, users, publishableKeySecret, serviceKeySecret };
  });
}
