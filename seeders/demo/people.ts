/** Names and places the demo business's customers are drawn from (deterministically). */
export const FIRST_NAMES = ['Ava', 'Liam', 'Mia', 'Noah', 'Emma', 'Lucas', 'Sofia', 'Elias', 'Hannah', 'Mateo', 'Zoe', 'Oskar', 'Chloe', 'Jonas', 'Isla', 'Felix', 'Nora', 'Leon', 'Alice', 'Hugo'];
export const LAST_NAMES = ['Martin', 'Schmidt', 'Rossi', 'Dubois', 'Jansen', 'Kowalski', 'Nielsen', 'Garcia', 'Walker', 'Novak', 'Berg', 'Costa', 'Fischer', 'Moreau', 'Evans', 'Lindqvist'];
export const COMPANIES = ['Pixelforge', 'Northwind Labs', 'Bluefin Games', 'Cedar Analytics', 'Kestrel Media', 'Quartz Studio', null, null, null, 'Harbor Logistics', 'Lumen Apps', null];

export interface DemoPlace {
  country: string;
  region: string | null;
  city: string;
  currency: 'USD' | 'EUR' | 'GBP';
}

export const PLACES: DemoPlace[] = [
  { country: 'US', region: 'NY', city: 'New York', currency: 'USD' },
  { country: 'US', region: 'CA', city: 'San Francisco', currency: 'USD' },
  { country: 'US', region: 'TX', city: 'Austin', currency: 'USD' },
  { country: 'CA', region: 'ON', city: 'Toronto', currency: 'USD' },
  { country: 'DE', region: null, city: 'Berlin', currency: 'EUR' },
  { country: 'NL', region: null, city: 'Amsterdam', currency: 'EUR' },
  { country: 'FR', region: null, city: 'Lyon', currency: 'EUR' },
  { country: 'GB', region: null, city: 'Manchester', currency: 'GBP' },
];

export const TICKET_TOPICS = [
  { subject: 'Cannot reach my server over SSH', body: 'Since this morning SSH times out on port 22. The console shows the server as running. Could you check the network?' },
  { subject: 'Question about my invoice', body: 'My last invoice shows VAT although I entered our VAT number. Can you correct it?' },
  { subject: 'Upgrade to a bigger plan', body: 'We are outgrowing our current plan. What is the fastest way to upgrade without downtime?' },
  { subject: 'Reverse DNS for my IP', body: 'Please set the PTR record of my primary IPv4 address to mail.example.com.' },
  { subject: 'Minecraft server lagging in the evening', body: 'TPS drops to 12 between 8 and 10 pm. Is the node overloaded?' },
];

/** A small deterministic generator so every demo seed builds the same business. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 0x1_0000_0000;
  };
}
