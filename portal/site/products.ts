import express, { type Router } from 'express';
import { asyncHandler } from '../../src/http/async.js';
import type { PlanType } from '../../src/models/enums.js';
import { humanize } from '../../src/http/helpers.js';
import { parseCycle, planCards, planDescriptions } from '../../src/site/pricing-view.js';
import { publicCache } from './cache.js';
import { currencyOf } from './pricing.js';

interface ProductPage {
  path: string;
  type: PlanType;
  title: string;
  headline: string;
  lead: string;
  description: string;
  points: Array<{ title: string; text: string }>;
}

/** The four product pages: copy here, plans and prices from the catalog. */
export const PRODUCT_PAGES: ProductPage[] = [
  {
    path: '/vps', type: 'vps', title: 'Cloud VPS hosting', headline: 'Cloud VPS on NVMe, online in a minute',
    lead: 'KVM virtual servers with dedicated vCPU and RAM, full root access, IPv4 + IPv6 and snapshots.',
    description: 'KVM cloud VPS with NVMe storage, full root access, IPv6 and DDoS protection, deployed automatically after payment.',
    points: [
      { title: 'Full root access', text: 'Pick Ubuntu, Debian, AlmaLinux or Rocky and reinstall from your dashboard at any time.' },
      { title: 'Resources you can count on', text: 'vCPU and memory are reserved for your server, not oversold to noisy neighbours.' },
      { title: 'Grow without migrating', text: 'Add RAM, vCPU, disk or IPv4 later; the difference is prorated on your next invoice.' },
    ],
  },
  {
    path: '/dedicated', type: 'dedicated', title: 'Dedicated servers', headline: 'Bare metal, all of it yours',
    lead: 'Single-tenant Xeon and EPYC servers with ECC memory, NVMe RAID, IPMI and an unmetered or generous port.',
    description: 'Bare-metal dedicated servers with ECC RAM, NVMe RAID, IPMI access and DDoS protection, with hardware swapped by our engineers 24/7.',
    points: [
      { title: 'Out-of-band access', text: 'IPMI console, power control and OS reinstall without opening a ticket.' },
      { title: 'Hardware replaced for you', text: 'Failed disks and memory are swapped by our data-centre team around the clock.' },
      { title: 'Reviewed, then provisioned', text: 'We check each order and confirm the delivery time before the server is racked for you.' },
    ],
  },
  {
    path: '/web-hosting', type: 'web', title: 'Managed web hosting', headline: 'Web hosting that looks after itself',
    lead: 'Fast SSD hosting with free SSL, email, daily backups and one-click WordPress.',
    description: 'Managed web hosting with free SSL, email accounts, daily backups, staging sites and one-click WordPress.',
    points: [
      { title: 'Free SSL everywhere', text: 'Certificates are issued and renewed automatically for every domain.' },
      { title: 'Daily backups', text: 'Restore a file, a database or a whole site from the control panel.' },
      { title: 'Email included', text: 'Mailboxes on your own domain with spam filtering on every plan.' },
    ],
  },
  {
    path: '/game-servers', type: 'game', title: 'Game server hosting', headline: 'Game servers with no lag and no waiting',
    lead: 'High-clock CPUs, NVMe storage and DDoS protection, with a control panel to install mods and manage players.',
    description: 'Low-latency game server hosting with DDoS protection, a control panel, one-click mod loaders and instant setup.',
    points: [
      { title: 'Instant setup', text: 'Your server is created the moment your payment clears.' },
      { title: 'Mods and plugins', text: 'Switch versions and mod loaders from the panel; files over SFTP.' },
      { title: 'Protected network', text: 'Always-on filtering keeps floods away from your players.' },
    ],
  },
];

const GAME_NAMES: Record<string, string> = { minecraft: 'Minecraft', rust: 'Rust', ark: 'ARK: Survival Evolved', valheim: 'Valheim', cs2: 'Counter-Strike 2' };

export const productsRouter: Router = express.Router();

for (const page of PRODUCT_PAGES) {
  productsRouter.get(
    page.path,
    publicCache,
    asyncHandler(async (req, res) => {
      const cycle = parseCycle(req.query.cycle);
      const currency = currencyOf(req, res);
      const plans = await planCards({ type: page.type, cycle, currency });
      const extra = await planDescriptions(plans.map((p) => p.slug));
      const games = [...new Set(plans.map((p) => extra.get(p.slug)?.game).filter((g): g is string => Boolean(g)))].map(
        (g) => GAME_NAMES[g] ?? humanize(g),
      );
      res.render('site/product', {
        layout: 'site',
        pageTitle: page.title,
        metaDescription: page.description,
        canonicalPath: page.path,
        page,
        plans: plans.map((p) => ({ ...p, description: extra.get(p.slug)?.description ?? p.summary })),
        games,
        cycle,
        currency,
      });
    }),
  );
}
