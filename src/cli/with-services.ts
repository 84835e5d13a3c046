/** The CLI opens the database for one command and closes it, beside a running server (WAL). */
import { createServices, type Services } from '../services.js';
import type { Config } from '../config.js';
import { silentLogger } from '../log/logger.js';

export function withServices<T>(config: Config, use: (services: Services) => T): T {
  const services = createServices(config, silentLogger);
  try {
    return use(services);
  } finally {
    services.db.close();
  }
}

/** `withServices` for a command that awaits (a publication delivered batch after batch). */
export async function withServicesAsync<T>(config: Config, use: (services: Services) => Promise<T>): Promise<T> {
  const services = createServices(config, silentLogger);
  try {
    return await use(services);
  } finally {
    // Writes the search index of what this command stored, then closes.
    services.close();
  }
}
