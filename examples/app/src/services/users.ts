import type { AsyncDatabaseManager } from "eslint-plugin-pgdbm/runtime";

export interface User {
  id: number;
  email: string;
  name: string;
}

export class UsersService {
  constructor(private readonly db: AsyncDatabaseManager) {}

  async create(email: string, name: string): Promise<number> {
    const id = await this.db.executeAndReturnId("INSERT INTO users (email, name) VALUES ($1, $2) RETURNING id", email, name);
    return Number(id);
  }

  async findByEmail(email: string): Promise<User | null> {
    return this.db.fetchOne<User>(`SELECT id, email, name FROM users WHERE email = '${email}'`);
  }

  async search(term: string): Promise<User[]> {
    return this.db.fetchAll<User>('SELECT id, email, name FROM "users".users WHERE name ILIKE $1 ORDER BY name', `%${term}%`);
  }
}
