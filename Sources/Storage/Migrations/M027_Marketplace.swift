import SQLKit

extension Migration {
    /// The training marketplace: partners and their signing keys, the signatures seen (against
    /// replay), courses with their schedules, and purchases from reservation to completion
    /// with the attendance reported for them and
    /// the participants' ratings.
    static let m027Marketplace = Migration(version: 27, name: "training marketplace") { _ in
        [
            """
            CREATE TABLE partners (
                id TEXT PRIMARY KEY,
                kind TEXT NOT NULL,
                name TEXT NOT NULL,
                legal_name TEXT NOT NULL,
                contact_email TEXT NOT NULL,
                documents TEXT NOT NULL,
                status TEXT NOT NULL,
                status_reason TEXT NOT NULL DEFAULT '',
                client_code TEXT NOT NULL UNIQUE,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            // A signing key, sealed; a rotated key keeps working until `retires_at`.
            """
            CREATE TABLE partner_keys (
                id TEXT PRIMARY KEY,
                partner_id TEXT NOT NULL REFERENCES partners (id),
                secret TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                retires_at BIGINT
            )
            """,
            "CREATE INDEX partner_keys_by_partner ON partner_keys (partner_id)",
            // Signatures accepted within the timestamp window; a second use is a replay.
            """
            CREATE TABLE partner_signatures_seen (
                signature_hash TEXT PRIMARY KEY,
                seen_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX partner_signatures_seen_by_time ON partner_signatures_seen (seen_at)",
            """
            CREATE TABLE courses (
                id TEXT PRIMARY KEY,
                platform_id TEXT NOT NULL REFERENCES partners (id),
                provider_id TEXT NOT NULL REFERENCES partners (id),
                reference TEXT NOT NULL,
                details TEXT NOT NULL,
                category TEXT NOT NULL,
                mode TEXT NOT NULL,
                price BIGINT NOT NULL CHECK (price > 0),
                province_code TEXT,
                search_text TEXT NOT NULL,
                status TEXT NOT NULL,
                review_note TEXT NOT NULL DEFAULT '',
                suspended_until BIGINT,
                suspension_reason TEXT NOT NULL DEFAULT '',
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                UNIQUE (platform_id, reference)
            )
            """,
            "CREATE INDEX courses_by_status ON courses (status, category)",
            """
            CREATE TABLE course_schedules (
                id TEXT PRIMARY KEY,
                course_id TEXT NOT NULL REFERENCES courses (id),
                starts_at BIGINT NOT NULL,
                ends_at BIGINT NOT NULL,
                seats INTEGER NOT NULL,
                seats_taken INTEGER NOT NULL DEFAULT 0,
                CHECK (seats_taken >= 0 AND seats_taken <= seats)
            )
            """,
            "CREATE INDEX course_schedules_by_course ON course_schedules (course_id, starts_at)",
            """
            CREATE TABLE purchases (
                id TEXT PRIMARY KEY,
                platform_id TEXT NOT NULL REFERENCES partners (id),
                idempotency_key TEXT NOT NULL,
                request_hash TEXT NOT NULL,
                card_number TEXT NOT NULL REFERENCES cards (number),
                account_id TEXT NOT NULL,
                course_id TEXT NOT NULL REFERENCES courses (id),
                schedule_id TEXT NOT NULL REFERENCES course_schedules (id),
                price BIGINT NOT NULL,
                state TEXT NOT NULL,
                otp_nonce TEXT NOT NULL,
                otp_expires_at BIGINT NOT NULL,
                otp_attempts INTEGER NOT NULL DEFAULT 0,
                locked_until BIGINT,
                invoice_number TEXT UNIQUE,
                redeem_code TEXT UNIQUE,
                void_reason TEXT,
                post_test_score INTEGER,
                certificate_number TEXT,
                certificate_url TEXT,
                settlement_id TEXT,
                created_at BIGINT NOT NULL,
                paid_at BIGINT,
                redeemed_at BIGINT,
                completed_at BIGINT,
                voided_at BIGINT,
                UNIQUE (platform_id, idempotency_key)
            )
            """,
            // One unfinished purchase per card, kept by the database against concurrent starts.
            """
            CREATE UNIQUE INDEX purchases_one_unfinished_per_card ON purchases (card_number)
            WHERE state IN ('reserved', 'paid', 'redeemed')
            """,
            "CREATE INDEX purchases_by_card ON purchases (card_number, created_at)",
            "CREATE INDEX purchases_by_state ON purchases (state, otp_expires_at)",
            "CREATE INDEX purchases_to_settle ON purchases (platform_id) WHERE settlement_id IS NULL",
            // Patterns for the operators to review; one per kind, subject and window.
            """
            CREATE TABLE review_flags (
                id TEXT PRIMARY KEY,
                kind TEXT NOT NULL,
                partner_id TEXT NOT NULL,
                subject TEXT NOT NULL,
                count INTEGER NOT NULL,
                window_start BIGINT NOT NULL,
                created_at BIGINT NOT NULL,
                UNIQUE (kind, subject, window_start)
            )
            """,
            "CREATE INDEX purchases_paid_by_course ON purchases (course_id, platform_id, paid_at)",
            // A settlement run: what was owed per platform (the file) and when, by whom.
            """
            CREATE TABLE settlements (
                id TEXT PRIMARY KEY,
                actor TEXT NOT NULL,
                lines TEXT NOT NULL,
                total BIGINT NOT NULL,
                created_at BIGINT NOT NULL
            )
            """,
            // Attendance the provider reports per session, by its sequence number; once each.
            """
            CREATE TABLE purchase_attendance (
                purchase_id TEXT NOT NULL REFERENCES purchases (id),
                sequence INTEGER NOT NULL CHECK (sequence >= 1),
                attended_at BIGINT NOT NULL,
                reported_at BIGINT NOT NULL,
                PRIMARY KEY (purchase_id, sequence)
            )
            """,
            // One rating per completed purchase.
            """
            CREATE TABLE course_ratings (
                purchase_id TEXT PRIMARY KEY REFERENCES purchases (id),
                course_id TEXT NOT NULL REFERENCES courses (id),
                provider_id TEXT NOT NULL REFERENCES partners (id),
                account_id TEXT NOT NULL,
                content INTEGER NOT NULL CHECK (content BETWEEN 1 AND 5),
                instructor INTEGER NOT NULL CHECK (instructor BETWEEN 1 AND 5),
                usefulness INTEGER NOT NULL CHECK (usefulness BETWEEN 1 AND 5),
                review TEXT NOT NULL,
                created_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX course_ratings_by_course ON course_ratings (course_id, created_at)",
            "CREATE INDEX course_ratings_by_provider ON course_ratings (provider_id)",
        ]
    }
}
