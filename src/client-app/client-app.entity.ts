import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A registered client app of the ClientApp dialect (docs/client-app.md, "Client apps"). */
@Entity({ name: 'client_apps' })
@Index('UQ_client_apps_client_id', ['clientId'], { unique: true })
export class ClientApp {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  /** 30 lower-case base36 characters from a CSPRNG; public, not a secret. */
  @Column({ name: 'client_id', type: 'varchar', length: 64 })
  clientId: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'redirect_uri', type: 'text', nullable: true })
  redirectUri: string | null;

  @Column({ name: 'created_at', type: Date })
  createdAt: Date;

  /** Set when an operator revokes the client; it then can no longer sign up or in. */
  @Column({ name: 'revoked_at', type: Date, nullable: true })
  revokedAt: Date | null;
}
