IF OBJECT_ID(N'[__EFMigrationsHistory]') IS NULL
BEGIN
    CREATE TABLE [__EFMigrationsHistory] (
        [MigrationId] nvarchar(150) NOT NULL,
        [ProductVersion] nvarchar(32) NOT NULL,
        CONSTRAINT [PK___EFMigrationsHistory] PRIMARY KEY ([MigrationId])
    );
END;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE TABLE [AspNetRoles] (
        [Id] nvarchar(450) NOT NULL,
        [Name] nvarchar(256) NULL,
        [NormalizedName] nvarchar(256) NULL,
        [ConcurrencyStamp] nvarchar(max) NULL,
        CONSTRAINT [PK_AspNetRoles] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE TABLE [AuditEntries] (
        [Id] bigint NOT NULL IDENTITY,
        [At] datetime2 NOT NULL,
        [UserName] nvarchar(256) NULL,
        [Action] nvarchar(40) NOT NULL,
        [Target] nvarchar(256) NULL,
        [Detail] nvarchar(2000) NULL,
        [Succeeded] bit NOT NULL,
        [Address] nvarchar(64) NULL,
        [RequestId] nvarchar(64) NULL,
        CONSTRAINT [PK_AuditEntries] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE TABLE [CalendarDays] (
        [Id] int NOT NULL IDENTITY,
        [Date] date NOT NULL,
        [Kind] nvarchar(10) NOT NULL,
        [Name] nvarchar(50) NOT NULL,
        [Year] int NOT NULL,
        CONSTRAINT [PK_CalendarDays] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE TABLE [DataProtectionKeys] (
        [Id] int NOT NULL IDENTITY,
        [FriendlyName] nvarchar(max) NULL,
        [Xml] nvarchar(max) NULL,
        CONSTRAINT [PK_DataProtectionKeys] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE TABLE [ExportJobs] (
        [Id] uniqueidentifier NOT NULL,
        [Kind] nvarchar(30) NOT NULL,
        [ParametersJson] nvarchar(1000) NOT NULL,
        [UserId] nvarchar(450) NOT NULL,
        [State] nvarchar(10) NOT NULL,
        [Percent] int NOT NULL,
        [FileName] nvarchar(200) NOT NULL,
        [Error] nvarchar(1000) NULL,
        [CreatedAt] datetime2 NOT NULL,
        [FinishedAt] datetime2 NULL,
        [Content] varbinary(max) NULL,
        CONSTRAINT [PK_ExportJobs] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE TABLE [Issuers] (
        [Id] int NOT NULL IDENTITY,
        [Name] nvarchar(200) NOT NULL,
        CONSTRAINT [PK_Issuers] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE TABLE [Jurisdictions] (
        [Id] int NOT NULL IDENTITY,
        [Code] nvarchar(64) NOT NULL,
        [Name] nvarchar(200) NOT NULL,
        [ParentId] int NULL,
        [Path] nvarchar(400) NOT NULL,
        CONSTRAINT [PK_Jurisdictions] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_Jurisdictions_Jurisdictions_ParentId] FOREIGN KEY ([ParentId]) REFERENCES [Jurisdictions] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE TABLE [Notifications] (
        [Id] bigint NOT NULL IDENTITY,
        [UserId] nvarchar(450) NOT NULL,
        [Kind] nvarchar(20) NOT NULL,
        [Title] nvarchar(200) NOT NULL,
        [Body] nvarchar(2000) NOT NULL,
        [Link] nvarchar(300) NULL,
        [DueItemId] int NULL,
        [CreatedAt] datetime2 NOT NULL,
        [ReadAt] datetime2 NULL,
        [DedupKey] nvarchar(300) NOT NULL,
        CONSTRAINT [PK_Notifications] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE TABLE [PeriodUnlocks] (
        [Id] int NOT NULL IDENTITY,
        [PeriodId] int NOT NULL,
        [InstitutionId] int NOT NULL,
        [Until] datetime2 NOT NULL,
        [Reason] nvarchar(1000) NOT NULL,
        [GrantedBy] nvarchar(256) NOT NULL,
        [GrantedAt] datetime2 NOT NULL,
        CONSTRAINT [PK_PeriodUnlocks] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE TABLE [RuleExemptions] (
        [Id] int NOT NULL IDENTITY,
        [PeriodId] int NOT NULL,
        [InstitutionId] int NOT NULL,
        [Rule] nvarchar(100) NOT NULL,
        [Reason] nvarchar(1000) NOT NULL,
        [GrantedBy] nvarchar(256) NOT NULL,
        [GrantedAt] datetime2 NOT NULL,
        CONSTRAINT [PK_RuleExemptions] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE TABLE [UnlockApplications] (
        [Id] int NOT NULL IDENTITY,
        [PeriodId] int NOT NULL,
        [InstitutionId] int NOT NULL,
        [Reason] nvarchar(1000) NOT NULL,
        [RequestedBy] nvarchar(256) NOT NULL,
        [RequestedAt] datetime2 NOT NULL,
        [Status] nvarchar(10) NOT NULL,
        [DecidedBy] nvarchar(256) NULL,
        [DecidedAt] datetime2 NULL,
        [Answer] nvarchar(1000) NULL,
        [GrantedUntil] datetime2 NULL,
        CONSTRAINT [PK_UnlockApplications] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE TABLE [AspNetRoleClaims] (
        [Id] int NOT NULL IDENTITY,
        [RoleId] nvarchar(450) NOT NULL,
        [ClaimType] nvarchar(max) NULL,
        [ClaimValue] nvarchar(max) NULL,
        CONSTRAINT [PK_AspNetRoleClaims] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_AspNetRoleClaims_AspNetRoles_RoleId] FOREIGN KEY ([RoleId]) REFERENCES [AspNetRoles] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE TABLE [Circulars] (
        [Id] int NOT NULL IDENTITY,
        [NaturalKey] nvarchar(100) NOT NULL,
        [DocumentNumber] nvarchar(100) NULL,
        [Title] nvarchar(500) NOT NULL,
        [DocumentKind] nvarchar(20) NOT NULL,
        [IssuedOn] date NULL,
        [IssuedOnText] nvarchar(100) NULL,
        [EffectiveFrom] date NULL,
        [EffectiveTo] date NULL,
        [ValidityMonths] int NULL,
        [ValidityText] nvarchar(500) NULL,
        [Addressees] nvarchar(1000) NULL,
        [Contacts] nvarchar(1000) NULL,
        [Text] nvarchar(max) NOT NULL,
        [Status] nvarchar(20) NOT NULL,
        [IsDemo] bit NOT NULL,
        [JurisdictionId] int NOT NULL,
        [CreatedAt] datetime2 NOT NULL,
        [CreatedBy] nvarchar(256) NULL,
        [PublishedAt] datetime2 NULL,
        [PublishedBy] nvarchar(256) NULL,
        [RepealedOn] date NULL,
        [RepealReason] nvarchar(1000) NULL,
        [ExtraDays] nvarchar(4000) NOT NULL,
        CONSTRAINT [PK_Circulars] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_Circulars_Jurisdictions_JurisdictionId] FOREIGN KEY ([JurisdictionId]) REFERENCES [Jurisdictions] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE TABLE [Institutions] (
        [Id] int NOT NULL IDENTITY,
        [Code] nvarchar(64) NOT NULL,
        [Name] nvarchar(200) NOT NULL,
        [ShortName] nvarchar(50) NULL,
        [Type] nvarchar(40) NOT NULL,
        [Category] int NULL,
        [IsLegalEntity] bit NOT NULL,
        [ParentId] int NULL,
        [Path] nvarchar(400) NOT NULL,
        [JurisdictionId] int NOT NULL,
        [IsActive] bit NOT NULL,
        [DeactivatedAt] datetime2 NULL,
        [ContactName] nvarchar(100) NULL,
        [ContactPhone] nvarchar(50) NULL,
        [ContactEmail] nvarchar(200) NULL,
        CONSTRAINT [PK_Institutions] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_Institutions_Institutions_ParentId] FOREIGN KEY ([ParentId]) REFERENCES [Institutions] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_Institutions_Jurisdictions_JurisdictionId] FOREIGN KEY ([JurisdictionId]) REFERENCES [Jurisdictions] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE TABLE [CircularAttachment] (
        [Id] int NOT NULL IDENTITY,
        [CircularId] int NOT NULL,
        [Number] int NOT NULL,
        [Title] nvarchar(500) NOT NULL,
        CONSTRAINT [PK_CircularAttachment] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_CircularAttachment_Circulars_CircularId] FOREIGN KEY ([CircularId]) REFERENCES [Circulars] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE TABLE [CircularIssuer] (
        [CircularId] int NOT NULL,
        [IssuerId] int NOT NULL,
        [Order] int NOT NULL,
        CONSTRAINT [PK_CircularIssuer] PRIMARY KEY ([CircularId], [IssuerId]),
        CONSTRAINT [FK_CircularIssuer_Circulars_CircularId] FOREIGN KEY ([CircularId]) REFERENCES [Circulars] ([Id]) ON DELETE CASCADE,
        CONSTRAINT [FK_CircularIssuer_Issuers_IssuerId] FOREIGN KEY ([IssuerId]) REFERENCES [Issuers] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE TABLE [CircularRelations] (
        [Id] int NOT NULL IDENTITY,
        [FromCircularId] int NOT NULL,
        [ToCircularId] int NOT NULL,
        [Kind] int NOT NULL,
        [Reason] nvarchar(1000) NULL,
        [CreatedAt] datetime2 NOT NULL,
        [CreatedBy] nvarchar(256) NULL,
        CONSTRAINT [PK_CircularRelations] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_CircularRelations_Circulars_FromCircularId] FOREIGN KEY ([FromCircularId]) REFERENCES [Circulars] ([Id]) ON DELETE CASCADE,
        CONSTRAINT [FK_CircularRelations_Circulars_ToCircularId] FOREIGN KEY ([ToCircularId]) REFERENCES [Circulars] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE TABLE [Requirements] (
        [Id] int NOT NULL IDENTITY,
        [CircularId] int NOT NULL,
        [Clause] nvarchar(100) NOT NULL,
        [Ordinal] int NOT NULL,
        [Text] nvarchar(max) NOT NULL,
        [Kind] nvarchar(20) NOT NULL,
        [DueRule] nvarchar(2000) NULL,
        [Target] nvarchar(2000) NULL,
        [AppliesToTypes] int NOT NULL,
        [AppliesToLegalEntitiesOnly] bit NOT NULL,
        [AppliesToText] nvarchar(200) NULL,
        CONSTRAINT [PK_Requirements] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_Requirements_Circulars_CircularId] FOREIGN KEY ([CircularId]) REFERENCES [Circulars] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE TABLE [AspNetUsers] (
        [Id] nvarchar(450) NOT NULL,
        [DisplayName] nvarchar(100) NOT NULL,
        [InstitutionId] int NULL,
        [JurisdictionId] int NULL,
        [IsDemo] bit NOT NULL,
        [IsDisabled] bit NOT NULL,
        [ActivationCodeHash] nvarchar(200) NULL,
        [ActivationExpiresAt] datetime2 NULL,
        [UserName] nvarchar(256) NULL,
        [NormalizedUserName] nvarchar(256) NULL,
        [Email] nvarchar(256) NULL,
        [NormalizedEmail] nvarchar(256) NULL,
        [EmailConfirmed] bit NOT NULL,
        [PasswordHash] nvarchar(max) NULL,
        [SecurityStamp] nvarchar(max) NULL,
        [ConcurrencyStamp] nvarchar(max) NULL,
        [PhoneNumber] nvarchar(max) NULL,
        [PhoneNumberConfirmed] bit NOT NULL,
        [TwoFactorEnabled] bit NOT NULL,
        [LockoutEnd] datetimeoffset NULL,
        [LockoutEnabled] bit NOT NULL,
        [AccessFailedCount] int NOT NULL,
        CONSTRAINT [PK_AspNetUsers] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_AspNetUsers_Institutions_InstitutionId] FOREIGN KEY ([InstitutionId]) REFERENCES [Institutions] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_AspNetUsers_Jurisdictions_JurisdictionId] FOREIGN KEY ([JurisdictionId]) REFERENCES [Jurisdictions] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE TABLE [TargetBaselines] (
        [Id] int NOT NULL IDENTITY,
        [InstitutionId] int NOT NULL,
        [Year] int NOT NULL,
        [Indicator] nvarchar(40) NOT NULL,
        [Value] decimal(20,4) NOT NULL,
        [Source] nvarchar(60) NOT NULL,
        [EnteredBy] nvarchar(256) NOT NULL,
        [EnteredAt] datetime2 NOT NULL,
        CONSTRAINT [PK_TargetBaselines] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_TargetBaselines_Institutions_InstitutionId] FOREIGN KEY ([InstitutionId]) REFERENCES [Institutions] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE TABLE [Obligations] (
        [Id] int NOT NULL IDENTITY,
        [RequirementId] int NOT NULL,
        [InstitutionId] int NOT NULL,
        [CreatedAt] datetime2 NOT NULL,
        CONSTRAINT [PK_Obligations] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_Obligations_Institutions_InstitutionId] FOREIGN KEY ([InstitutionId]) REFERENCES [Institutions] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_Obligations_Requirements_RequirementId] FOREIGN KEY ([RequirementId]) REFERENCES [Requirements] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE TABLE [ReportForms] (
        [Id] int NOT NULL IDENTITY,
        [Code] nvarchar(64) NOT NULL,
        [Name] nvarchar(200) NOT NULL,
        [Frequency] nvarchar(20) NOT NULL,
        [RequirementId] int NULL,
        [LockAfterDays] int NOT NULL,
        [LatestVersion] int NOT NULL,
        CONSTRAINT [PK_ReportForms] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_ReportForms_Requirements_RequirementId] FOREIGN KEY ([RequirementId]) REFERENCES [Requirements] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE TABLE [AspNetUserClaims] (
        [Id] int NOT NULL IDENTITY,
        [UserId] nvarchar(450) NOT NULL,
        [ClaimType] nvarchar(max) NULL,
        [ClaimValue] nvarchar(max) NULL,
        CONSTRAINT [PK_AspNetUserClaims] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_AspNetUserClaims_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE TABLE [AspNetUserLogins] (
        [LoginProvider] nvarchar(450) NOT NULL,
        [ProviderKey] nvarchar(450) NOT NULL,
        [ProviderDisplayName] nvarchar(max) NULL,
        [UserId] nvarchar(450) NOT NULL,
        CONSTRAINT [PK_AspNetUserLogins] PRIMARY KEY ([LoginProvider], [ProviderKey]),
        CONSTRAINT [FK_AspNetUserLogins_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE TABLE [AspNetUserRoles] (
        [UserId] nvarchar(450) NOT NULL,
        [RoleId] nvarchar(450) NOT NULL,
        CONSTRAINT [PK_AspNetUserRoles] PRIMARY KEY ([UserId], [RoleId]),
        CONSTRAINT [FK_AspNetUserRoles_AspNetRoles_RoleId] FOREIGN KEY ([RoleId]) REFERENCES [AspNetRoles] ([Id]) ON DELETE CASCADE,
        CONSTRAINT [FK_AspNetUserRoles_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE TABLE [AspNetUserTokens] (
        [UserId] nvarchar(450) NOT NULL,
        [LoginProvider] nvarchar(450) NOT NULL,
        [Name] nvarchar(450) NOT NULL,
        [Value] nvarchar(max) NULL,
        CONSTRAINT [PK_AspNetUserTokens] PRIMARY KEY ([UserId], [LoginProvider], [Name]),
        CONSTRAINT [FK_AspNetUserTokens_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE TABLE [GroupRobots] (
        [Id] int NOT NULL IDENTITY,
        [Kind] nvarchar(10) NOT NULL,
        [Url] nvarchar(500) NOT NULL,
        [Secret] nvarchar(200) NULL,
        [InstitutionId] int NULL,
        [UserId] nvarchar(450) NULL,
        [Enabled] bit NOT NULL,
        CONSTRAINT [PK_GroupRobots] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_GroupRobots_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE,
        CONSTRAINT [FK_GroupRobots_Institutions_InstitutionId] FOREIGN KEY ([InstitutionId]) REFERENCES [Institutions] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE TABLE [DueItems] (
        [Id] int NOT NULL IDENTITY,
        [ObligationId] int NOT NULL,
        [PeriodKey] nvarchar(20) NOT NULL,
        [PeriodStart] date NULL,
        [PeriodEnd] date NULL,
        [DueAt] datetime2 NULL,
        [DueExplanation] nvarchar(1000) NOT NULL,
        [Status] nvarchar(20) NOT NULL,
        [CompletedAt] datetime2 NULL,
        [CorrectionDueAt] datetime2 NULL,
        CONSTRAINT [PK_DueItems] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_DueItems_Obligations_ObligationId] FOREIGN KEY ([ObligationId]) REFERENCES [Obligations] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE TABLE [FormRules] (
        [Id] int NOT NULL IDENTITY,
        [FormId] int NOT NULL,
        [Code] nvarchar(64) NOT NULL,
        [Left] nvarchar(500) NOT NULL,
        [Operator] nvarchar(4) NOT NULL,
        [Right] nvarchar(500) NOT NULL,
        [Severity] nvarchar(10) NOT NULL,
        [Message] nvarchar(500) NULL,
        [Ordinal] int NOT NULL,
        [SinceVersion] int NOT NULL,
        [UntilVersion] int NULL,
        CONSTRAINT [PK_FormRules] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_FormRules_ReportForms_FormId] FOREIGN KEY ([FormId]) REFERENCES [ReportForms] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE TABLE [FormVersions] (
        [Id] int NOT NULL IDENTITY,
        [FormId] int NOT NULL,
        [Number] int NOT NULL,
        [FromPeriod] nvarchar(20) NOT NULL,
        [FromStart] date NOT NULL,
        [PublishedAt] datetime2 NOT NULL,
        [PublishedBy] nvarchar(256) NOT NULL,
        [Reason] nvarchar(1000) NOT NULL,
        [Changes] nvarchar(4000) NOT NULL,
        CONSTRAINT [PK_FormVersions] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_FormVersions_ReportForms_FormId] FOREIGN KEY ([FormId]) REFERENCES [ReportForms] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE TABLE [Indicators] (
        [Id] int NOT NULL IDENTITY,
        [FormId] int NOT NULL,
        [Code] nvarchar(64) NOT NULL,
        [Name] nvarchar(200) NOT NULL,
        [Section] nvarchar(200) NOT NULL,
        [Unit] nvarchar(20) NOT NULL,
        [Decimals] int NOT NULL,
        [Required] bit NOT NULL,
        [Headline] bit NOT NULL,
        [Ordinal] int NOT NULL,
        [Note] nvarchar(1000) NULL,
        [ChangeLimitUpPercent] decimal(9,2) NULL,
        [ChangeLimitDownPercent] decimal(9,2) NULL,
        [ChangeLimitSeverity] nvarchar(10) NOT NULL,
        [SinceVersion] int NOT NULL,
        [UntilVersion] int NULL,
        CONSTRAINT [PK_Indicators] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_Indicators_ReportForms_FormId] FOREIGN KEY ([FormId]) REFERENCES [ReportForms] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE TABLE [ReportPeriods] (
        [Id] int NOT NULL IDENTITY,
        [FormId] int NOT NULL,
        [Key] nvarchar(20) NOT NULL,
        [Start] date NOT NULL,
        [End] date NOT NULL,
        [DueAt] datetime2 NOT NULL,
        [LockAt] datetime2 NOT NULL,
        [DueExplanation] nvarchar(1000) NOT NULL,
        [Version] int NOT NULL,
        CONSTRAINT [PK_ReportPeriods] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_ReportPeriods_ReportForms_FormId] FOREIGN KEY ([FormId]) REFERENCES [ReportForms] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE TABLE [TrackedTargets] (
        [Id] int NOT NULL IDENTITY,
        [RequirementId] int NOT NULL,
        [FormId] int NOT NULL,
        [Description] nvarchar(300) NOT NULL,
        [Rule] nvarchar(2000) NOT NULL,
        CONSTRAINT [PK_TrackedTargets] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_TrackedTargets_ReportForms_FormId] FOREIGN KEY ([FormId]) REFERENCES [ReportForms] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_TrackedTargets_Requirements_RequirementId] FOREIGN KEY ([RequirementId]) REFERENCES [Requirements] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE TABLE [Deliveries] (
        [Id] bigint NOT NULL IDENTITY,
        [Channel] nvarchar(10) NOT NULL,
        [Address] nvarchar(256) NULL,
        [RobotId] int NULL,
        [Mentions] nvarchar(800) NULL,
        [NotificationId] bigint NULL,
        [Title] nvarchar(200) NOT NULL,
        [Body] nvarchar(2000) NOT NULL,
        [DedupKey] nvarchar(320) NOT NULL,
        [Status] nvarchar(10) NOT NULL,
        [Attempts] int NOT NULL,
        [CreatedAt] datetime2 NOT NULL,
        [NextAttemptAt] datetime2 NOT NULL,
        [ClaimedUntil] datetime2 NULL,
        [ClaimToken] nvarchar(32) NULL,
        [SentAt] datetime2 NULL,
        [LastError] nvarchar(500) NULL,
        CONSTRAINT [PK_Deliveries] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_Deliveries_GroupRobots_RobotId] FOREIGN KEY ([RobotId]) REFERENCES [GroupRobots] ([Id]) ON DELETE SET NULL,
        CONSTRAINT [FK_Deliveries_Notifications_NotificationId] FOREIGN KEY ([NotificationId]) REFERENCES [Notifications] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE TABLE [DueItemAttachments] (
        [Id] int NOT NULL IDENTITY,
        [DueItemId] int NOT NULL,
        [FileName] nvarchar(200) NOT NULL,
        [ContentType] nvarchar(100) NOT NULL,
        [Length] bigint NOT NULL,
        [Content] varbinary(max) NOT NULL,
        [Note] nvarchar(1000) NULL,
        [UploadedBy] nvarchar(256) NOT NULL,
        [UploadedAt] datetime2 NOT NULL,
        CONSTRAINT [PK_DueItemAttachments] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_DueItemAttachments_DueItems_DueItemId] FOREIGN KEY ([DueItemId]) REFERENCES [DueItems] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE TABLE [DueItemStatusChanges] (
        [Id] bigint NOT NULL IDENTITY,
        [DueItemId] int NOT NULL,
        [From] nvarchar(20) NULL,
        [To] nvarchar(20) NOT NULL,
        [ChangedAt] datetime2 NOT NULL,
        [ChangedBy] nvarchar(256) NOT NULL,
        [Reason] nvarchar(1000) NOT NULL,
        CONSTRAINT [PK_DueItemStatusChanges] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_DueItemStatusChanges_DueItems_DueItemId] FOREIGN KEY ([DueItemId]) REFERENCES [DueItems] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE TABLE [Submissions] (
        [Id] int NOT NULL IDENTITY,
        [FormId] int NOT NULL,
        [PeriodId] int NOT NULL,
        [InstitutionId] int NOT NULL,
        [Status] nvarchar(20) NOT NULL,
        [FormVersion] int NOT NULL,
        [Revision] int NOT NULL,
        [ValuesJson] nvarchar(max) NOT NULL,
        [CommentsJson] nvarchar(max) NOT NULL,
        [FirstSubmittedAt] datetime2 NULL,
        [SubmittedAt] datetime2 NULL,
        [ApprovedAt] datetime2 NULL,
        [ApprovedBy] nvarchar(256) NULL,
        [ReturnReason] nvarchar(1000) NULL,
        [UpdatedAt] datetime2 NOT NULL,
        CONSTRAINT [PK_Submissions] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_Submissions_Institutions_InstitutionId] FOREIGN KEY ([InstitutionId]) REFERENCES [Institutions] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_Submissions_ReportForms_FormId] FOREIGN KEY ([FormId]) REFERENCES [ReportForms] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_Submissions_ReportPeriods_PeriodId] FOREIGN KEY ([PeriodId]) REFERENCES [ReportPeriods] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE TABLE [TargetResults] (
        [Id] bigint NOT NULL IDENTITY,
        [TrackedTargetId] int NOT NULL,
        [InstitutionId] int NULL,
        [PeriodKey] nvarchar(20) NOT NULL,
        [Status] nvarchar(10) NOT NULL,
        [Actual] decimal(20,4) NULL,
        [Required] decimal(20,4) NULL,
        [Explanation] nvarchar(500) NOT NULL,
        [EvaluatedAt] datetime2 NOT NULL,
        CONSTRAINT [PK_TargetResults] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_TargetResults_Institutions_InstitutionId] FOREIGN KEY ([InstitutionId]) REFERENCES [Institutions] ([Id]) ON DELETE CASCADE,
        CONSTRAINT [FK_TargetResults_TrackedTargets_TrackedTargetId] FOREIGN KEY ([TrackedTargetId]) REFERENCES [TrackedTargets] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE TABLE [SubmissionEvents] (
        [Id] bigint NOT NULL IDENTITY,
        [SubmissionId] int NOT NULL,
        [From] nvarchar(20) NOT NULL,
        [To] nvarchar(20) NOT NULL,
        [Revision] int NOT NULL,
        [At] datetime2 NOT NULL,
        [By] nvarchar(256) NOT NULL,
        [Reason] nvarchar(1000) NULL,
        CONSTRAINT [PK_SubmissionEvents] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_SubmissionEvents_Submissions_SubmissionId] FOREIGN KEY ([SubmissionId]) REFERENCES [Submissions] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE TABLE [SubmissionRevisions] (
        [Id] bigint NOT NULL IDENTITY,
        [SubmissionId] int NOT NULL,
        [Number] int NOT NULL,
        [CreatedAt] datetime2 NOT NULL,
        [CreatedBy] nvarchar(256) NOT NULL,
        [Source] nvarchar(10) NOT NULL,
        [ValuesJson] nvarchar(max) NOT NULL,
        [CommentsJson] nvarchar(max) NOT NULL,
        [IdempotencyKey] nvarchar(100) NULL,
        CONSTRAINT [PK_SubmissionRevisions] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_SubmissionRevisions_Submissions_SubmissionId] FOREIGN KEY ([SubmissionId]) REFERENCES [Submissions] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE INDEX [IX_AspNetRoleClaims_RoleId] ON [AspNetRoleClaims] ([RoleId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    EXEC(N'CREATE UNIQUE INDEX [RoleNameIndex] ON [AspNetRoles] ([NormalizedName]) WHERE [NormalizedName] IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE INDEX [IX_AspNetUserClaims_UserId] ON [AspNetUserClaims] ([UserId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE INDEX [IX_AspNetUserLogins_UserId] ON [AspNetUserLogins] ([UserId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE INDEX [IX_AspNetUserRoles_RoleId] ON [AspNetUserRoles] ([RoleId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE INDEX [EmailIndex] ON [AspNetUsers] ([NormalizedEmail]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE INDEX [IX_AspNetUsers_InstitutionId] ON [AspNetUsers] ([InstitutionId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE INDEX [IX_AspNetUsers_JurisdictionId] ON [AspNetUsers] ([JurisdictionId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    EXEC(N'CREATE UNIQUE INDEX [UserNameIndex] ON [AspNetUsers] ([NormalizedUserName]) WHERE [NormalizedUserName] IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE INDEX [IX_AuditEntries_At] ON [AuditEntries] ([At]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE INDEX [IX_AuditEntries_UserName_At] ON [AuditEntries] ([UserName], [At]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_CalendarDays_Date] ON [CalendarDays] ([Date]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE INDEX [IX_CalendarDays_Year] ON [CalendarDays] ([Year]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE INDEX [IX_CircularAttachment_CircularId] ON [CircularAttachment] ([CircularId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE INDEX [IX_CircularIssuer_IssuerId] ON [CircularIssuer] ([IssuerId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_CircularRelations_FromCircularId_ToCircularId_Kind] ON [CircularRelations] ([FromCircularId], [ToCircularId], [Kind]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE INDEX [IX_CircularRelations_ToCircularId] ON [CircularRelations] ([ToCircularId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE INDEX [IX_Circulars_DocumentNumber] ON [Circulars] ([DocumentNumber]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE INDEX [IX_Circulars_JurisdictionId] ON [Circulars] ([JurisdictionId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_Circulars_NaturalKey] ON [Circulars] ([NaturalKey]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE INDEX [IX_Deliveries_ClaimToken] ON [Deliveries] ([ClaimToken]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_Deliveries_DedupKey] ON [Deliveries] ([DedupKey]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE INDEX [IX_Deliveries_NotificationId] ON [Deliveries] ([NotificationId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE INDEX [IX_Deliveries_RobotId_SentAt] ON [Deliveries] ([RobotId], [SentAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE INDEX [IX_Deliveries_Status_NextAttemptAt] ON [Deliveries] ([Status], [NextAttemptAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE INDEX [IX_DueItemAttachments_DueItemId] ON [DueItemAttachments] ([DueItemId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_DueItems_ObligationId_PeriodKey] ON [DueItems] ([ObligationId], [PeriodKey]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE INDEX [IX_DueItems_Status_DueAt] ON [DueItems] ([Status], [DueAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE INDEX [IX_DueItemStatusChanges_DueItemId] ON [DueItemStatusChanges] ([DueItemId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE INDEX [IX_ExportJobs_UserId_CreatedAt] ON [ExportJobs] ([UserId], [CreatedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_FormRules_FormId_Code_SinceVersion] ON [FormRules] ([FormId], [Code], [SinceVersion]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_FormVersions_FormId_Number] ON [FormVersions] ([FormId], [Number]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    EXEC(N'CREATE UNIQUE INDEX [IX_GroupRobots_InstitutionId] ON [GroupRobots] ([InstitutionId]) WHERE [InstitutionId] IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    EXEC(N'CREATE UNIQUE INDEX [IX_GroupRobots_UserId] ON [GroupRobots] ([UserId]) WHERE [UserId] IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_Indicators_FormId_Code_SinceVersion] ON [Indicators] ([FormId], [Code], [SinceVersion]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_Institutions_Code] ON [Institutions] ([Code]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE INDEX [IX_Institutions_JurisdictionId] ON [Institutions] ([JurisdictionId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE INDEX [IX_Institutions_ParentId] ON [Institutions] ([ParentId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE INDEX [IX_Institutions_Path] ON [Institutions] ([Path]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_Issuers_Name] ON [Issuers] ([Name]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_Jurisdictions_Code] ON [Jurisdictions] ([Code]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE INDEX [IX_Jurisdictions_ParentId] ON [Jurisdictions] ([ParentId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE INDEX [IX_Jurisdictions_Path] ON [Jurisdictions] ([Path]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_Notifications_DedupKey] ON [Notifications] ([DedupKey]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE INDEX [IX_Notifications_UserId_ReadAt] ON [Notifications] ([UserId], [ReadAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE INDEX [IX_Obligations_InstitutionId] ON [Obligations] ([InstitutionId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_Obligations_RequirementId_InstitutionId] ON [Obligations] ([RequirementId], [InstitutionId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE INDEX [IX_PeriodUnlocks_PeriodId_InstitutionId] ON [PeriodUnlocks] ([PeriodId], [InstitutionId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_ReportForms_Code] ON [ReportForms] ([Code]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE INDEX [IX_ReportForms_RequirementId] ON [ReportForms] ([RequirementId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_ReportPeriods_FormId_Key] ON [ReportPeriods] ([FormId], [Key]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_Requirements_CircularId_Ordinal] ON [Requirements] ([CircularId], [Ordinal]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_RuleExemptions_PeriodId_InstitutionId_Rule] ON [RuleExemptions] ([PeriodId], [InstitutionId], [Rule]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE INDEX [IX_SubmissionEvents_SubmissionId] ON [SubmissionEvents] ([SubmissionId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    EXEC(N'CREATE UNIQUE INDEX [IX_SubmissionRevisions_SubmissionId_IdempotencyKey] ON [SubmissionRevisions] ([SubmissionId], [IdempotencyKey]) WHERE [IdempotencyKey] IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_SubmissionRevisions_SubmissionId_Number] ON [SubmissionRevisions] ([SubmissionId], [Number]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE INDEX [IX_Submissions_FormId_InstitutionId] ON [Submissions] ([FormId], [InstitutionId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE INDEX [IX_Submissions_InstitutionId] ON [Submissions] ([InstitutionId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_Submissions_PeriodId_InstitutionId] ON [Submissions] ([PeriodId], [InstitutionId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE INDEX [IX_Submissions_Status_InstitutionId] ON [Submissions] ([Status], [InstitutionId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_TargetBaselines_InstitutionId_Year_Indicator] ON [TargetBaselines] ([InstitutionId], [Year], [Indicator]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE INDEX [IX_TargetResults_InstitutionId] ON [TargetResults] ([InstitutionId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    EXEC(N'CREATE UNIQUE INDEX [IX_TargetResults_TrackedTargetId_InstitutionId_PeriodKey] ON [TargetResults] ([TrackedTargetId], [InstitutionId], [PeriodKey]) WHERE [InstitutionId] IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE INDEX [IX_TrackedTargets_FormId] ON [TrackedTargets] ([FormId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_TrackedTargets_RequirementId_Description] ON [TrackedTargets] ([RequirementId], [Description]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    CREATE INDEX [IX_UnlockApplications_Status_PeriodId_InstitutionId] ON [UnlockApplications] ([Status], [PeriodId], [InstitutionId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123310_Initial'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261206123310_Initial', N'10.0.14');
END;

COMMIT;
GO

