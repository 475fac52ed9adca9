using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ComplianceTracker.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Targets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "TargetBaselines",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    InstitutionId = table.Column<int>(type: "INTEGER", nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Indicator = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Value = table.Column<decimal>(type: "TEXT", precision: 20, scale: 4, nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    EnteredBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    EnteredAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TargetBaselines", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TargetBaselines_Institutions_InstitutionId",
                        column: x => x.InstitutionId,
                        principalTable: "Institutions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TrackedTargets",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RequirementId = table.Column<int>(type: "INTEGER", nullable: false),
                    FormId = table.Column<int>(type: "INTEGER", nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Rule = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TrackedTargets", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TrackedTargets_ReportForms_FormId",
                        column: x => x.FormId,
                        principalTable: "ReportForms",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_TrackedTargets_Requirements_RequirementId",
                        column: x => x.RequirementId,
                        principalTable: "Requirements",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TargetResults",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TrackedTargetId = table.Column<int>(type: "INTEGER", nullable: false),
                    InstitutionId = table.Column<int>(type: "INTEGER", nullable: true),
                    PeriodKey = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Actual = table.Column<decimal>(type: "TEXT", precision: 20, scale: 4, nullable: true),
                    Required = table.Column<decimal>(type: "TEXT", precision: 20, scale: 4, nullable: true),
                    Explanation = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    EvaluatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TargetResults", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TargetResults_Institutions_InstitutionId",
                        column: x => x.InstitutionId,
                        principalTable: "Institutions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_TargetResults_TrackedTargets_TrackedTargetId",
                        column: x => x.TrackedTargetId,
                        principalTable: "TrackedTargets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_TargetBaselines_InstitutionId_Year_Indicator",
                table: "TargetBaselines",
                columns: new[] { "InstitutionId", "Year", "Indicator" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TargetResults_InstitutionId",
                table: "TargetResults",
                column: "InstitutionId");

            migrationBuilder.CreateIndex(
                name: "IX_TargetResults_TrackedTargetId_InstitutionId_PeriodKey",
                table: "TargetResults",
                columns: new[] { "TrackedTargetId", "InstitutionId", "PeriodKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TrackedTargets_FormId",
                table: "TrackedTargets",
                column: "FormId");

            migrationBuilder.CreateIndex(
                name: "IX_TrackedTargets_RequirementId_Description",
                table: "TrackedTargets",
                columns: new[] { "RequirementId", "Description" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "TargetBaselines");

            migrationBuilder.DropTable(
                name: "TargetResults");

            migrationBuilder.DropTable(
                name: "TrackedTargets");
        }
    }
}
