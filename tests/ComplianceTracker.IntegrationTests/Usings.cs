global using System.Net;
global using System.Net.Http.Json;
global using System.Text.Json;
global using ComplianceTracker.IntegrationTests.Infrastructure;
global using ComplianceTracker.Web.Data;
global using Microsoft.EntityFrameworkCore;
