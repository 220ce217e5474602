import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from './user.entity';

/**
 * An SSO confirm token (docs/sso.md): only its SHA-256 hash is stored (docs/accounts.md, "Tokens").
 * `usedAt` is set once, atomically, when the token confirms its user.
 */
@Entity({ name: 'confirm_tokens' })
@Index('UQ_confirm_tokens_token_hash', ['tokenHash'], { unique: true })
@Index('IDX_confirm_tokens_user_id', ['userId'])
export class ConfirmToken {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'user_id', type: 'integer' })
  userId: number;

  /** The foreign key only: tokens go with their user. */
  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  /** Lower-case hex SHA-256 of the clear token. */
  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash: string;

  @Column({ name: 'created_at', type: Date })
  createdAt: Date;

  /** Null: never expires (`confirm_token_ttl = 0`). */
  @Column({ name: 'expires_at', type: Date, nullable: true })
  expiresAt: Date | null;

  @Column({ name: 'used_at', type: Date, nullable: true })
  usedAt: Date | null;
}

/** A ClientApp access token (docs/client-app.md): only its SHA-256 hash is stored. */
@Entity({ name: 'access_tokens' })
@Index('UQ_access_tokens_token_hash', ['tokenHash'], { unique: true })
@Index('IDX_access_tokens_user_id', ['userId'])
export class AccessToken {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'user_id', type: 'integer' })
  userId: number;

  /** The foreign key only: tokens go with their user. */
  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  /** The client app the token was issued through. */
  @Column({ name: 'client_id', type: 'varchar', length: 64 })
  clientId: string;

  /** Lower-case hex SHA-256 of the clear token. */
  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash: string;

  @Column({ name: 'created_at', type: Date })
  createdAt: Date;

  /** Null: never expires (`ACCESS_TOKEN_TTL=0`). */
  @Column({ name: 'expires_at', type: Date, nullable: true })
  expiresAt: Date | null;
}
